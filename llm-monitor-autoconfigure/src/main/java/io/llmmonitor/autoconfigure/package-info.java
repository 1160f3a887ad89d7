/**
 * Auto-configuration of llm-monitor.
 */
@NullMarked
package io.llmmonitor.autoconfigure;

import org.jspecify.annotations.NullMarked;
