/**
 * Micrometer meters for LLM calls and for the record writer.
 */
@NullMarked
package io.llmmonitor.metrics;

import org.jspecify.annotations.NullMarked;
