package io.llmmonitor.record.jdbc;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Latencies counted in fixed buckets, so that they can be summed per hour in the store
 * and percentiles read back from the sums. A percentile is interpolated inside its
 * bucket; the last bucket is bounded by the largest latency seen.
 */
final class LatencyHistogram {

	/** Upper bounds (inclusive, milliseconds) of every bucket but the last. */
	static final long[] BOUNDS_MS = { 10, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000,
			7500, 10000, 15000, 20000, 30000, 60000, 120000, 300000 };

	/** Number of buckets. */
	static final int BUCKETS = BOUNDS_MS.length + 1;

	private static final String[] COLUMNS = java.util.stream.IntStream.range(0, BUCKETS)
		.mapToObj((bucket) -> String.format("latency_le_%02d", bucket))
		.toArray(String[]::new);

	private final long[] counts;

	private long maxMs;

	LatencyHistogram() {
		this(new long[BUCKETS], 0);
	}

	LatencyHistogram(long[] counts, long maxMs) {
		this.counts = counts;
		this.maxMs = maxMs;
	}

	static int bucketOf(long latencyMs) {
		int index = Arrays.binarySearch(BOUNDS_MS, latencyMs);
		return (index >= 0) ? index : -index - 1;
	}

	void add(long latencyMs) {
		this.counts[bucketOf(latencyMs)]++;
		this.maxMs = Math.max(this.maxMs, latencyMs);
	}

	void add(LatencyHistogram other) {
		for (int i = 0; i < BUCKETS; i++) {
			this.counts[i] += other.counts[i];
		}
		this.maxMs = Math.max(this.maxMs, other.maxMs);
	}

	long count(int bucket) {
		return this.counts[bucket];
	}

	long maxMs() {
		return this.maxMs;
	}

	/**
	 * Return a percentile, interpolated linearly inside its bucket.
	 * @param quantile between 0 and 1
	 * @return the latency in milliseconds, or {@code null} when nothing was counted
	 */
	@Nullable Double percentile(double quantile) {
		long total = 0;
		for (long count : this.counts) {
			total += count;
		}
		if (total == 0) {
			return null;
		}
		double rank = quantile * total;
		long below = 0;
		for (int i = 0; i < BUCKETS; i++) {
			long count = this.counts[i];
			if (count > 0 && below + count >= rank) {
				double lower = (i == 0) ? 0 : BOUNDS_MS[i - 1];
				double upper = (i < BOUNDS_MS.length) ? Math.min(BOUNDS_MS[i], this.maxMs) : this.maxMs;
				upper = Math.max(upper, lower);
				return lower + (upper - lower) * Math.max(0, rank - below) / count;
			}
			below += count;
		}
		return (double) this.maxMs;
	}

	/**
	 * Column names of the buckets in {@code llm_call_rollup}.
	 * @param bucket the bucket
	 * @return the column name
	 */
	static String column(int bucket) {
		return COLUMNS[bucket];
	}

	/**
	 * A SQL condition that holds for latencies of the bucket.
	 * @param bucket the bucket
	 * @param column the latency column
	 * @return the condition
	 */
	static String condition(int bucket, String column) {
		if (bucket == 0) {
			return column + " <= " + BOUNDS_MS[0];
		}
		if (bucket == BOUNDS_MS.length) {
			return column + " > " + BOUNDS_MS[bucket - 1];
		}
		return column + " > " + BOUNDS_MS[bucket - 1] + " AND " + column + " <= " + BOUNDS_MS[bucket];
	}

}
