package io.llmmonitor.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Histogram boundaries of the latency and time-to-first-token timers. Each boundary is at
 * most 1.25 times the one before (13 per decade, 1 to 8.5), so that
 * {@code histogram_quantile}, which interpolates linearly inside a bucket, stays within
 * about 10 % of the exact percentile from 50 ms to 2 minutes. Latency has coarse buckets
 * up to 5 minutes past that; time to first token stops at 60 s.
 */
final class LatencyBuckets {

	private static final double[] DECADE = { 1, 1.2, 1.4, 1.7, 2, 2.4, 2.8, 3.4, 4.1, 5, 6, 7, 8.5 };

	/** Boundaries of {@code llm.latency}. */
	static final Duration[] LATENCY = boundaries(120_000, 180_000, 300_000);

	/** Boundaries of {@code llm.time.to.first.token}. */
	static final Duration[] TIME_TO_FIRST_TOKEN = boundaries(60_000);

	private LatencyBuckets() {
	}

	/**
	 * Fine boundaries from 50 ms, then the tail.
	 * @param tailMillis the tail: the first ends the fine boundaries
	 * @return the boundaries
	 */
	private static Duration[] boundaries(long... tailMillis) {
		List<Duration> boundaries = new ArrayList<>();
		for (long millis : new long[] { 50, 60, 70, 85 }) {
			boundaries.add(Duration.ofMillis(millis));
		}
		for (long decade = 100; decade < tailMillis[0]; decade *= 10) {
			for (double step : DECADE) {
				long millis = Math.round(step * decade);
				if (millis < tailMillis[0]) {
					boundaries.add(Duration.ofMillis(millis));
				}
			}
		}
		for (long millis : tailMillis) {
			boundaries.add(Duration.ofMillis(millis));
		}
		return boundaries.toArray(Duration[]::new);
	}

}
