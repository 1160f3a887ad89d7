package io.llmmonitor.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.llmmonitor.record.LlmCalls;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cap on distinct values per meter tag, read from a Prometheus scrape.
 */
class MeterTagLimitTests {

	private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	@Test
	void eightThousandModelsProjectsAndTenantsStayWithinTheCapAndAreCounted() {
		LlmMonitorMetrics metrics = new LlmMonitorMetrics(this.registry,
				new DefaultLlmCallMeterConvention(List.of("tenant")), 100);
		for (int i = 0; i < 8000; i++) {
			metrics.handle(LlmCalls.call(NOW)
				.model("model-" + i)
				.project("project-" + i)
				.attributes(Map.of("tenant", "tenant-" + i))
				.build());
		}
		String scrape = this.registry.scrape();

		long requestSeries = series(scrape, "llm_requests_total{");
		assertThat(requestSeries).isLessThanOrEqualTo(101);
		assertThat(scrape).contains("model=\"model-0\"", "model=\"model-99\"", "model=\"other\"")
			.doesNotContain("model=\"model-100\"", "project=\"project-100\"", "tenant=\"tenant-100\"");
		assertThat(this.registry.get(LlmMonitorMetrics.TAGS_FOLDED).tag("tag", "model").counter().count())
			.isEqualTo(7900);
		assertThat(this.registry.get(LlmMonitorMetrics.TAGS_FOLDED).tag("tag", "tenant").counter().count())
			.isEqualTo(7900);
		assertThat(this.registry.get(LlmMonitorMetrics.REQUESTS).tag("model", "other").counter().count())
			.isEqualTo(7900);
		assertThat(series(scrape, "llm_")).isLessThan(101 * 120);
	}

	@Test
	void valuesSeenBeforeTheCapKeepTheirSeries() {
		LlmMonitorMetrics metrics = new LlmMonitorMetrics(this.registry, new DefaultLlmCallMeterConvention(List.of()),
				2);
		metrics.handle(LlmCalls.call(NOW).model("a").build());
		metrics.handle(LlmCalls.call(NOW).model("b").build());
		metrics.handle(LlmCalls.call(NOW).model("c").build());
		metrics.handle(LlmCalls.call(NOW).model("a").build());

		assertThat(this.registry.get(LlmMonitorMetrics.REQUESTS).tag("model", "a").counter().count()).isEqualTo(2);
		assertThat(this.registry.get(LlmMonitorMetrics.REQUESTS).tag("model", "other").counter().count()).isEqualTo(1);
		assertThat(
				this.registry.get(LlmMonitorMetrics.TOKENS).tags("model", "other", "type", "input").counter().count())
			.isPositive();
	}

	private static long series(String scrape, String prefix) {
		return scrape.lines().filter((line) -> line.startsWith(prefix)).count();
	}

}
