/**
 * Benchmarks of what monitoring costs: overhead per call, ingestion, queries, memory.
 */
package io.llmmonitor.benchmarks;
