/**
 * Health of llm-monitor's record writer.
 */
@NullMarked
package io.llmmonitor.actuate.health;

import org.jspecify.annotations.NullMarked;
