package io.llmmonitor.record;

import java.util.ArrayList;
import java.util.List;

/**
 * Bucket boundaries of latency and time to first token, shared by the meters' histograms
 * and the store's. Each boundary is at most 1.25 times the one before (13 per decade: 1,
 * 1.2, 1.4, 1.7, 2, 2.4, 2.8, 3.4, 4.1, 5, 6, 7, 8.5), so that a percentile interpolated
 * linearly inside its bucket, as {@code histogram_quantile} does, stays within about 10 %
 * of the exact one from 50 ms to 2 minutes. Latency has coarse buckets up to 5 minutes
 * past that; time to first token stops at 60 s.
 *
 * @since 0.1.0
 */
public final class LatencyBuckets {

	private static final double[] DECADE = { 1, 1.2, 1.4, 1.7, 2, 2.4, 2.8, 3.4, 4.1, 5, 6, 7, 8.5 };

	private static final long[] LATENCY_MS = boundaries(120_000, 180_000, 300_000);

	private static final long[] TIME_TO_FIRST_TOKEN_MS = boundaries(60_000);

	private LatencyBuckets() {
	}

	/**
	 * Upper bounds, inclusive, of the latency buckets; a last bucket holds the rest.
	 * @return the bounds in milliseconds, ascending
	 */
	public static long[] latencyMs() {
		return LATENCY_MS.clone();
	}

	/**
	 * Upper bounds, inclusive, of the time-to-first-token buckets; a last bucket holds
	 * the rest.
	 * @return the bounds in milliseconds, ascending
	 */
	public static long[] timeToFirstTokenMs() {
		return TIME_TO_FIRST_TOKEN_MS.clone();
	}

	/**
	 * Fine boundaries from 50 ms, then the tail.
	 * @param tailMillis the tail: the first ends the fine boundaries
	 * @return the boundaries
	 */
	private static long[] boundaries(long... tailMillis) {
		List<Long> boundaries = new ArrayList<>(List.of(50L, 60L, 70L, 85L));
		for (long decade = 100; decade < tailMillis[0]; decade *= 10) {
			for (double step : DECADE) {
				long millis = Math.round(step * decade);
				if (millis < tailMillis[0]) {
					boundaries.add(millis);
				}
			}
		}
		for (long millis : tailMillis) {
			boundaries.add(millis);
		}
		return boundaries.stream().mapToLong(Long::longValue).toArray();
	}

}
