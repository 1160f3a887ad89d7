/**
 * llm-monitor's schema as a Flyway migration.
 */
@NullMarked
package io.llmmonitor.migration.flyway;

import org.jspecify.annotations.NullMarked;
