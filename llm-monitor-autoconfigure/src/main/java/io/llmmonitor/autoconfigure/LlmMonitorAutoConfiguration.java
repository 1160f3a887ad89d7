package io.llmmonitor.autoconfigure;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.llmmonitor.capture.ContentPolicy;
import io.llmmonitor.capture.CurrentTrace;
import io.llmmonitor.capture.LlmCallRecorder;
import io.llmmonitor.cost.CostCalculator;
import io.llmmonitor.cost.PriceCatalog;
import io.llmmonitor.record.CallTrace;
import io.llmmonitor.record.LlmCallHandler;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Core of llm-monitor: prices, content policy, and the recorder every capture point hands
 * its calls to.
 *
 * @since 0.1.0
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration")
@ConditionalOnBooleanProperty(name = "llm.monitor.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ LlmMonitorProperties.class, LlmMonitorPricingProperties.class })
public final class LlmMonitorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PriceCatalog llmMonitorPriceCatalog(LlmMonitorPricingProperties pricing) {
		Map<String, PriceCatalog.PartialPrice> prices = new LinkedHashMap<>();
		pricing.getModels()
			.forEach((model, price) -> prices.put(model,
					new PriceCatalog.PartialPrice(price.getInput(), price.getOutput(), price.getCachedInput(),
							price.getCacheWrite(), price.getCacheWrite1h(), price.getReasoning())));
		return PriceCatalog.builtIn().withPrices(prices).withAliases(pricing.getAliases());
	}

	@Bean
	@ConditionalOnMissingBean
	CostCalculator llmMonitorCostCalculator(PriceCatalog catalog) {
		return new CostCalculator(catalog);
	}

	@Bean
	static LlmMonitorStartupReport llmMonitorStartupReport(LlmMonitorProperties properties) {
		return new LlmMonitorStartupReport(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	ContentPolicy llmMonitorContentPolicy(LlmMonitorProperties properties) {
		LlmMonitorProperties.Capture capture = properties.getCapture();
		return new ContentPolicy(capture.isContent(), capture.getMaxContentChars(), capture.getRedact());
	}

	@Bean
	@ConditionalOnMissingBean
	LlmCallRecorder llmCallRecorder(ContentPolicy contentPolicy, CostCalculator costCalculator,
			ObjectProvider<LlmCallHandler> handlers, ObjectProvider<CurrentTrace> currentTrace,
			LlmMonitorProperties properties, Environment environment) {
		LlmCallRecorder recorder = new LlmCallRecorder(contentPolicy, costCalculator, handlers.orderedStream().toList(),
				properties.getProject(), Clock.systemUTC(), currentTrace.getIfAvailable(() -> CurrentTrace.NONE));
		recorder.setEnvironment(environment(properties, environment));
		return recorder;
	}

	// llm.monitor.environment, else the active profiles
	private static String environment(LlmMonitorProperties properties, Environment environment) {
		if (properties.getEnvironment() != null) {
			return properties.getEnvironment();
		}
		String[] profiles = environment.getActiveProfiles();
		return (profiles.length > 0) ? String.join(",", profiles) : LlmCallRecorder.DEFAULT_ENVIRONMENT;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Tracer.class)
	static class TracingConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CurrentTrace llmMonitorCurrentTrace(ObjectProvider<Tracer> tracer) {
			return () -> {
				Tracer current = tracer.getIfAvailable();
				Span span = (current != null) ? current.currentSpan() : null;
				return (span != null) ? new CallTrace(span.context().traceId(), span.context().spanId())
						: CallTrace.NONE;
			};
		}

	}

}
