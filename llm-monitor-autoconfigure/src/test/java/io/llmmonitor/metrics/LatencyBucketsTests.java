package io.llmmonitor.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.llmmonitor.autoconfigure.LlmMonitorAutoConfiguration;
import io.llmmonitor.autoconfigure.LlmMonitorMetricsAutoConfiguration;
import io.llmmonitor.record.LatencyBuckets;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCalls;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The latency histogram answers {@code histogram_quantile} within about 10 % of the exact
 * percentile over typical LLM latencies: known latencies go through the meters into a
 * Prometheus scrape, and the scrape's buckets are interpolated as Prometheus does.
 */
class LatencyBucketsTests {

	private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

	private static final Pattern BUCKET = Pattern
		.compile("^llm_latency_seconds_bucket\\{.*le=\"([^\"]+)\"} ([0-9.E+]+)$");

	@ParameterizedTest(name = "log-normal latencies, median {0} s, sigma {1}")
	@CsvSource({ "0.15, 0.3", "0.4, 0.6", "1.0, 0.25", "1.0, 1.0", "3.0, 0.5", "8.0, 0.3", "20.0, 0.6", "45.0, 0.2",
			"70.0, 0.15" })
	void percentilesOfLogNormalLatenciesAreWithinTenPercent(double medianSeconds, double sigma) {
		Random random = new Random(42);
		assertPercentilesWithinTenPercent(
				() -> Math.min(119.0, medianSeconds * Math.exp(sigma * random.nextGaussian())));
	}

	@Test
	void aP95JustAboveOneSecondIsReadAsSuch() {
		// 95 % of the calls between 0.3 and 1.0 s, the slowest 5 % up to 1.1 s: the exact
		// p95 is 1.0 s, where coarse buckets from 1 to 2 s read 1.5 s.
		Random random = new Random(7);
		int[] count = { 0 };
		assertPercentilesWithinTenPercent(
				() -> (count[0]++ % 20 == 19) ? 1.0 + 0.1 * random.nextDouble() : 0.3 + 0.7 * random.nextDouble());
	}

	@Test
	void bucketsGrowByAtMostAQuarterUpToTwoMinutes() {
		long[] latency = LatencyBuckets.latencyMs();
		assertThat(latency).startsWith(50).endsWith(180_000, 300_000).contains(100, 1000, 2000, 5000, 10_000, 60_000);
		for (int i = 1; latency[i] <= 120_000; i++) {
			assertThat((double) latency[i] / latency[i - 1]).as("bucket %d", i)
				.isGreaterThan(1.0)
				.isLessThanOrEqualTo(1.25);
		}
		assertThat(LatencyBuckets.timeToFirstTokenMs()).hasSize(41).startsWith(50).endsWith(60_000);
	}

	@Test
	void bootsServiceLevelObjectivePropertyReplacesTheBuckets() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(LlmMonitorAutoConfiguration.class, LlmMonitorMetricsAutoConfiguration.class,
							MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("llm.monitor.store.enabled=false",
					"management.metrics.distribution.slo.llm.latency=500ms,2s,30s")
			.run((context) -> {
				context.getBean(LlmMonitorMetrics.class).handle(LlmCalls.call(NOW).build());
				CountAtBucket[] buckets = context.getBean(MeterRegistry.class)
					.get(LlmMonitorMetrics.LATENCY)
					.timer()
					.takeSnapshot()
					.histogramCounts();
				assertThat(buckets).extracting(CountAtBucket::bucket).containsExactly(5.0E8, 2.0E9, 3.0E10);
			});
	}

	private static void assertPercentilesWithinTenPercent(DoubleSupplier latencySeconds) {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		LlmMonitorMetrics metrics = new LlmMonitorMetrics(registry, new DefaultLlmCallMeterConvention(List.of()));
		List<Double> latencies = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			long millis = Math.max(1, Math.round(latencySeconds.getAsDouble() * 1000));
			latencies.add(millis / 1000.0);
			LlmCall call = LlmCalls.call(NOW).latencyMs(millis).build();
			metrics.handle(call);
		}
		latencies.sort(null);
		TreeMap<Double, Double> cumulative = buckets(registry.scrape());
		for (double quantile : new double[] { 0.5, 0.95, 0.99 }) {
			double exact = exact(latencies, quantile);
			assertThat(histogramQuantile(quantile, cumulative)).as("p%s, exact %.3f s", quantile * 100, exact)
				.isCloseTo(exact, within(exact * 0.1));
		}
	}

	private static TreeMap<Double, Double> buckets(String scrape) {
		TreeMap<Double, Double> buckets = new TreeMap<>();
		scrape.lines().map(BUCKET::matcher).filter(Matcher::matches).forEach((bucket) -> {
			double le = "+Inf".equals(bucket.group(1)) ? Double.POSITIVE_INFINITY : Double.parseDouble(bucket.group(1));
			buckets.put(le, Double.parseDouble(bucket.group(2)));
		});
		assertThat(buckets).hasSizeGreaterThan(40);
		return buckets;
	}

	/**
	 * Prometheus's {@code histogram_quantile}: find the bucket that holds the rank and
	 * interpolate linearly between its bounds.
	 */
	private static double histogramQuantile(double quantile, TreeMap<Double, Double> cumulative) {
		double rank = quantile * cumulative.lastEntry().getValue();
		double lower = 0;
		double below = 0;
		for (var bucket : cumulative.entrySet()) {
			if (bucket.getValue() >= rank) {
				if (bucket.getKey().isInfinite()) {
					return lower;
				}
				return lower + (bucket.getKey() - lower) * (rank - below) / (bucket.getValue() - below);
			}
			lower = bucket.getKey();
			below = bucket.getValue();
		}
		throw new IllegalStateException("No bucket holds rank " + rank);
	}

	private static double exact(List<Double> sorted, double quantile) {
		double position = quantile * (sorted.size() - 1);
		int index = (int) position;
		double fraction = position - index;
		return sorted.get(index) + fraction * (sorted.get(Math.min(index + 1, sorted.size() - 1)) - sorted.get(index));
	}

}
