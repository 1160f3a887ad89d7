package io.llmmonitor.record;

import java.math.BigDecimal;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Usage of the calls a filter selects, summed four ways: all of them and each group, over
 * the whole window and per time bucket.
 *
 * @param overall all calls over the window
 * @param overallSeries all calls per bucket, or {@code null} without buckets
 * @param groups each group over the window, ordered by key
 * @param groupSeries each group per bucket, or {@code null} without buckets
 * @since 0.1.0
 */
public record LlmUsageViews(LlmUsage overall, @Nullable List<LlmUsage> overallSeries, List<LlmUsage> groups,
		@Nullable List<LlmUsage> groupSeries) {

	/** The key of {@link #overall()} and of the entries of {@link #overallSeries()}. */
	public static final String ALL = "all";

	/**
	 * The usage of a window without calls.
	 * @return zero requests, no percentiles
	 */
	public static LlmUsage nothing() {
		return new LlmUsage(ALL, null, 0, 0, 0, 0, 0, 0, 0, BigDecimal.ZERO, 0, null, null, null, null, null, null);
	}

}
