package io.llmmonitor.autoconfigure;

import java.util.Objects;

import io.llmmonitor.capture.ContentPolicy;
import io.llmmonitor.capture.LlmCallRecorder;
import io.llmmonitor.metrics.DefaultLlmCallMeterConvention;
import io.llmmonitor.metrics.GenAiMetrics;
import io.llmmonitor.metrics.LlmCallMeterConvention;
import io.llmmonitor.metrics.LlmCallWriterMetrics;
import io.llmmonitor.metrics.LlmMonitorMetrics;
import io.llmmonitor.record.LlmCallWriter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * The meters of each call (llm_*, OpenTelemetry's GenAI client meters, or both) and the
 * meters of the record writer.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { LlmMonitorAutoConfiguration.class, LlmMonitorJdbcAutoConfiguration.class },
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, LlmCallRecorder.class })
@ConditionalOnBooleanProperty(name = "llm.monitor.metrics.enabled", matchIfMissing = true)
public final class LlmMonitorMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LlmCallMeterConvention llmCallMeterConvention(LlmMonitorProperties properties) {
		return new DefaultLlmCallMeterConvention(properties.getMetrics().getTagAttributes());
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnMeterNamingCondition.Llm.class)
	LlmMonitorMetrics llmMonitorMetrics(MeterRegistry registry, LlmCallMeterConvention convention,
			LlmMonitorProperties properties, ContentPolicy contentPolicy) {
		return new LlmMonitorMetrics(registry, convention, properties.getMetrics().getMaxTagValues(),
				(value) -> Objects.requireNonNull(contentPolicy.redact(value)));
	}

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnMeterNamingCondition.Otel.class)
	GenAiMetrics llmMonitorGenAiMetrics(MeterRegistry registry, LlmMonitorProperties properties,
			ContentPolicy contentPolicy) {
		return new GenAiMetrics(registry, properties.getMetrics().getMaxTagValues(),
				(value) -> Objects.requireNonNull(contentPolicy.redact(value)));
	}

	/**
	 * Spring AI's {@code gen_ai.client.token.usage} counter shares its name with the
	 * conventions' histogram: Prometheus cannot scrape both, and the histogram already
	 * counts the tokens of every call the counter would.
	 * @return the filter that turns the counter off
	 */
	@Bean
	@Conditional(OnMeterNamingCondition.Otel.class)
	MeterFilter llmMonitorSpringAiTokenCounterFilter() {
		return MeterFilter
			.deny((id) -> id.getType() == Meter.Type.COUNTER && GenAiMetrics.TOKEN_USAGE.equals(id.getName()));
	}

	@Bean
	@ConditionalOnBean(LlmCallWriter.class)
	@ConditionalOnMissingBean
	LlmCallWriterMetrics llmCallWriterMetrics(LlmCallWriter writer) {
		return new LlmCallWriterMetrics(writer);
	}

}
