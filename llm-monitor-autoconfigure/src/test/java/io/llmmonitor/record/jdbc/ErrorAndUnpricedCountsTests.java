package io.llmmonitor.record.jdbc;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.llmmonitor.actuate.endpoint.LlmUsageEndpoint;
import io.llmmonitor.metrics.DefaultLlmCallMeterConvention;
import io.llmmonitor.metrics.LlmMonitorMetrics;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallFilter;
import io.llmmonitor.record.LlmCalls;
import io.llmmonitor.record.LlmUsage;
import io.llmmonitor.record.LlmUsageGrouping;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Error and unpriced mean the same in the meters, the rollups, the SQL over the calls and
 * the usage endpoint's totals: the same calls give the same counts in all four.
 */
class ErrorAndUnpricedCountsTests {

	private static final Instant HOUR = Instant.parse("2026-11-22T10:00:00Z");

	/** Each kind of call once: priced or not, with tokens or without, failed or not. */
	private final List<LlmCall> calls = List.of(call("success", 10L, new BigDecimal("0.0001")),
			call("success", 10L, null), call("success", null, null), call("error", null, null),
			call("error", 10L, null), call("error", 10L, new BigDecimal("0.0001")));

	@Test
	void meterRollupsCallsAndEndpointCountTheSameErrorsAndUnpricedCalls() {
		long errors = this.calls.stream().filter(LlmCall::failed).count();
		long unpriced = this.calls.stream().filter(LlmCall::unpriced).count();
		assertThat(errors).isEqualTo(3);
		assertThat(unpriced).isEqualTo(3);

		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		LlmMonitorMetrics metrics = new LlmMonitorMetrics(registry, new DefaultLlmCallMeterConvention(List.of()));
		this.calls.forEach(metrics::handle);
		assertThat(sum(registry, LlmMonitorMetrics.COST_UNPRICED, null)).isEqualTo(unpriced);
		assertThat(sum(registry, LlmMonitorMetrics.REQUESTS, "error")).isEqualTo(errors);

		JdbcLlmCallRepository repository = repository();
		repository.saveAll(this.calls);
		LlmCallFilter wholeHour = LlmCallFilter.ALL.withWindow(HOUR, HOUR.plus(1, ChronoUnit.HOURS));
		LlmUsage fromRollups = only(
				repository.usage(wholeHour, LlmUsageGrouping.by(LlmUsageGrouping.Dimension.MODEL), null));
		LlmUsage fromCalls = only(repository.usage(wholeHour, LlmUsageGrouping.byAttribute("tenant"), null));
		assertThat(fromRollups.errors()).isEqualTo(errors);
		assertThat(fromRollups.unpricedRequests()).isEqualTo(unpriced);
		assertThat(fromCalls.errors()).isEqualTo(errors);
		assertThat(fromCalls.unpricedRequests()).isEqualTo(unpriced);

		WebEndpointResponse<?> response = new LlmUsageEndpoint(repository,
				Clock.fixed(HOUR.plus(1, ChronoUnit.HOURS), ZoneOffset.UTC))
			.usage(null, null, HOUR.toString(), null, null, null, null, null, null, null, null, null, null, null);
		LlmUsageEndpoint.Totals totals = ((LlmUsageEndpoint.LlmUsageDescriptor) response.getBody()).totals();
		assertThat(totals.errors()).isEqualTo(errors);
		assertThat(totals.unpricedRequests()).isEqualTo(unpriced);
	}

	private static LlmCall call(String status, Long tokens, BigDecimal cost) {
		return LlmCalls.call(HOUR.plusSeconds(60))
			.status(status)
			.errorType("error".equals(status) ? "http_500" : null)
			.promptTokens(tokens)
			.completionTokens(tokens)
			.totalTokens((tokens != null) ? 2 * tokens : null)
			.costUsd(cost)
			.attributes(Map.of("tenant", "acme"))
			.build();
	}

	private static double sum(SimpleMeterRegistry registry, String name, String outcome) {
		return registry.find(name)
			.counters()
			.stream()
			.filter((counter) -> outcome == null || outcome.equals(counter.getId().getTag("outcome")))
			.mapToDouble(Counter::count)
			.sum();
	}

	private static LlmUsage only(List<LlmUsage> usage) {
		assertThat(usage).hasSize(1);
		return usage.get(0);
	}

	private static JdbcLlmCallRepository repository() {
		DataSource dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
				"jdbc:h2:mem:counts-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		new ResourceDatabasePopulator(new ClassPathResource("io/llmmonitor/record/schema-h2.sql")).execute(dataSource);
		return new JdbcLlmCallRepository(dataSource, SqlDialect.H2);
	}

}
