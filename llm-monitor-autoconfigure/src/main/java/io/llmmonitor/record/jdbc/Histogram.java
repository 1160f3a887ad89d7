package io.llmmonitor.record.jdbc;

import java.util.Arrays;
import java.util.stream.IntStream;

import io.llmmonitor.record.LatencyBuckets;
import org.jspecify.annotations.Nullable;

/**
 * Durations counted in fixed buckets, so that they can be summed per hour in the store
 * and percentiles read back from the sums. A percentile is interpolated inside its
 * bucket; the last bucket is bounded by the largest duration seen.
 */
final class Histogram {

	private final Layout layout;

	private final long[] counts;

	private long maxMs;

	Histogram(Layout layout) {
		this.layout = layout;
		this.counts = new long[layout.buckets()];
	}

	void add(long ms) {
		int index = Arrays.binarySearch(this.layout.boundsMs, ms);
		this.counts[(index >= 0) ? index : -index - 1]++;
		this.maxMs = Math.max(this.maxMs, ms);
	}

	void add(long[] counts, long maxMs) {
		for (int i = 0; i < this.counts.length; i++) {
			this.counts[i] += counts[i];
		}
		this.maxMs = Math.max(this.maxMs, maxMs);
	}

	void add(Histogram other) {
		add(other.counts, other.maxMs);
	}

	int buckets() {
		return this.counts.length;
	}

	long count(int bucket) {
		return this.counts[bucket];
	}

	long maxMs() {
		return this.maxMs;
	}

	/**
	 * Return a percentile, interpolated linearly inside its bucket and rounded to a tenth
	 * of a millisecond (an estimate inside a bucket is no finer than that).
	 * @param quantile between 0 and 1
	 * @return the duration in milliseconds, or {@code null} when nothing was counted
	 */
	@Nullable Double percentile(double quantile) {
		long total = 0;
		for (long count : this.counts) {
			total += count;
		}
		if (total == 0) {
			return null;
		}
		long[] bounds = this.layout.boundsMs;
		double rank = quantile * total;
		long below = 0;
		for (int i = 0; i < this.counts.length; i++) {
			long count = this.counts[i];
			if (count > 0 && below + count >= rank) {
				double lower = (i == 0) ? 0 : bounds[i - 1];
				double upper = (i < bounds.length) ? Math.min(bounds[i], this.maxMs) : this.maxMs;
				upper = Math.max(upper, lower);
				return tenths(lower + (upper - lower) * Math.max(0, rank - below) / count);
			}
			below += count;
		}
		return (double) this.maxMs;
	}

	private static double tenths(double millis) {
		return Math.round(millis * 10) / 10.0;
	}

	/**
	 * What a histogram counts, its buckets and the columns that keep them.
	 */
	enum Layout {

		/** Latency of every call. */
		LATENCY("latency_ms", "latency_le_", "latency_max_ms", LatencyBuckets.latencyMs()),

		/** Time to first token of streamed calls; calls without one are not counted. */
		TIME_TO_FIRST_TOKEN("time_to_first_token_ms", "ttft_le_", "ttft_max_ms", LatencyBuckets.timeToFirstTokenMs());

		private final String callColumn;

		private final String maxColumn;

		private final long[] boundsMs;

		private final String[] columns;

		Layout(String callColumn, String columnPrefix, String maxColumn, long[] boundsMs) {
			this.callColumn = callColumn;
			this.maxColumn = maxColumn;
			this.boundsMs = boundsMs;
			this.columns = IntStream.rangeClosed(0, boundsMs.length)
				.mapToObj((bucket) -> String.format("%s%02d", columnPrefix, bucket))
				.toArray(String[]::new);
		}

		int buckets() {
			return this.columns.length;
		}

		/**
		 * Name of the column of {@code llm_call} that holds the duration.
		 * @return the column name
		 */
		String callColumn() {
			return this.callColumn;
		}

		/**
		 * Name of the rollup column that keeps the largest duration.
		 * @return the column name
		 */
		String maxColumn() {
			return this.maxColumn;
		}

		/**
		 * Name of the rollup column of a bucket.
		 * @param bucket the bucket
		 * @return the column name
		 */
		String column(int bucket) {
			return this.columns[bucket];
		}

		/**
		 * A SQL condition that holds for the durations of a bucket.
		 * @param bucket the bucket
		 * @param column the duration column
		 * @return the condition
		 */
		String condition(int bucket, String column) {
			if (bucket == 0) {
				return column + " <= " + this.boundsMs[0];
			}
			if (bucket == this.boundsMs.length) {
				return column + " > " + this.boundsMs[bucket - 1];
			}
			return column + " > " + this.boundsMs[bucket - 1] + " AND " + column + " <= " + this.boundsMs[bucket];
		}

	}

}
