package io.llmmonitor.autoconfigure;

import io.llmmonitor.actuate.health.LlmMonitorHealthIndicator;
import io.llmmonitor.record.LlmCallWriter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code llmMonitor} health indicator of the record writer, turned off with
 * {@code management.health.llm-monitor.enabled=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = LlmMonitorJdbcAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(LlmCallWriter.class)
@ConditionalOnEnabledHealthIndicator("llm-monitor")
public final class LlmMonitorHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "llmMonitorHealthIndicator")
	LlmMonitorHealthIndicator llmMonitorHealthIndicator(LlmCallWriter writer) {
		return new LlmMonitorHealthIndicator(writer);
	}

}
