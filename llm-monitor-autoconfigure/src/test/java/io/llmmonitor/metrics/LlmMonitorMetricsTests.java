package io.llmmonitor.metrics;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCalls;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Meters of finished calls.
 */
class LlmMonitorMetricsTests {

	private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final LlmMonitorMetrics metrics = new LlmMonitorMetrics(this.registry,
			new DefaultLlmCallMeterConvention(List.of("tenant")));

	@Test
	void countsRequestsTokensCostAndLatency() {
		LlmCall call = LlmCalls.call(NOW)
			.cachedTokens(4L)
			.reasoningTokens(3L)
			.attributes(Map.of("tenant", "acme", "user", "u-1"))
			.build();

		this.metrics.handle(call);
		this.metrics.handle(call);

		assertThat(this.registry.get("llm.requests")
			.tags("provider", "openai", "model", "gpt-4o-2024-08-06", "operation", "chat", "outcome", "success",
					"project", "default", "tenant", "acme")
			.counter()
			.count()).isEqualTo(2);
		assertThat(tokens("input")).isEqualTo(28);
		assertThat(tokens("output")).isEqualTo(14);
		assertThat(tokens("cached_input")).isEqualTo(8);
		assertThat(tokens("reasoning")).isEqualTo(6);
		assertThat(this.registry.get("llm.cost").counter().count()).isEqualTo(0.00021);
		assertThat(this.registry.get("llm.latency").timer().totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1700);
		assertThat(this.registry.find("llm.time.to.first.token").timer()).isNull();
		assertThat(this.registry.find("llm.requests").tagKeys("user").counters()).isEmpty();
	}

	@Test
	void reusesTheMetersOfATagCombination() {
		this.metrics.handle(LlmCalls.call(NOW).build());
		int meters = this.registry.getMeters().size();

		this.metrics.handle(LlmCalls.call(NOW).build());

		assertThat(this.registry.getMeters()).hasSize(meters);
	}

	@Test
	void streamsRecordTimeToFirstToken() {
		this.metrics.handle(LlmCalls.call(NOW).streamed(true).timeToFirstTokenMs(150L).build());

		assertThat(this.registry.get("llm.time.to.first.token").timer().totalTime(TimeUnit.MILLISECONDS))
			.isEqualTo(150);
	}

	@Test
	void unpricedCallsAreCountedAndErrorsHaveTheirOutcome() {
		this.metrics.handle(LlmCalls.call(NOW).model("mystery").costUsd(null).build());
		this.metrics
			.handle(LlmCalls.call(NOW).status("error").promptTokens(null).completionTokens(null).costUsd(null).build());

		assertThat(this.registry.get("llm.cost.unpriced").tags("model", "mystery").counter().count()).isEqualTo(1);
		assertThat(this.registry.get("llm.cost.unpriced").tags("model", "gpt-4o-2024-08-06").counter().count())
			.isZero();
		assertThat(this.registry.get("llm.requests").tags("outcome", "error", "tenant", "none").counter().count())
			.isEqualTo(1);
	}

	@Test
	void costIsAddedExactlyForSmallAmounts() {
		this.metrics.handle(LlmCalls.call(NOW).costUsd(new BigDecimal("0.000001")).build());

		assertThat(this.registry.get("llm.cost").counter().count()).isEqualTo(0.000001);
	}

	private double tokens(String type) {
		return this.registry.get("llm.tokens").tag("type", type).counters().stream().mapToDouble(Counter::count).sum();
	}

}
