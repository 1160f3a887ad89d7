package io.llmmonitor.record;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Usage totals of one group (and time bucket) of calls.
 *
 * @param key value of the grouping dimension ({@code "none"} where calls have none)
 * @param bucketStart start of the time bucket, or {@code null} without buckets
 * @param requests number of calls
 * @param errors number of failed calls
 * @param promptTokens input tokens
 * @param completionTokens output tokens
 * @param cachedTokens input tokens read from a prompt cache
 * @param reasoningTokens output tokens spent on reasoning
 * @param totalTokens total tokens
 * @param costUsd cost of the priced calls in USD
 * @param unpricedRequests calls whose model has no known price
 * @param latencyP50Ms median latency
 * @param latencyP95Ms 95th percentile latency
 * @param latencyP99Ms 99th percentile latency
 * @param timeToFirstTokenP50Ms median time to first token of the streamed calls
 * @param timeToFirstTokenP95Ms 95th percentile time to first token of the streamed calls
 * @param timeToFirstTokenP99Ms 99th percentile time to first token of the streamed calls
 * @since 0.1.0
 */
public record LlmUsage(String key, @Nullable Instant bucketStart, long requests, long errors, long promptTokens,
		long completionTokens, long cachedTokens, long reasoningTokens, long totalTokens, BigDecimal costUsd,
		long unpricedRequests, @Nullable Double latencyP50Ms, @Nullable Double latencyP95Ms,
		@Nullable Double latencyP99Ms, @Nullable Double timeToFirstTokenP50Ms, @Nullable Double timeToFirstTokenP95Ms,
		@Nullable Double timeToFirstTokenP99Ms) {

}
