package io.llmmonitor.autoconfigure;

import io.llmmonitor.capture.LlmCallCorrelation;
import io.llmmonitor.capture.LlmCallRecorder;
import io.llmmonitor.springai.LlmMonitorAdvisor;
import io.llmmonitor.springai.LlmMonitorRoundAdvisor;
import io.micrometer.observation.ObservationPredicate;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.ChatClientBuilderCustomizer;
import org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Adds {@link LlmMonitorAdvisor} (and its inner {@link LlmMonitorRoundAdvisor}) to every
 * {@link ChatClient} built from the auto-configured {@code ChatClient.Builder}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = LlmMonitorAutoConfiguration.class)
@ConditionalOnClass({ ChatClient.class, ChatClientBuilderCustomizer.class })
@ConditionalOnBean(LlmCallRecorder.class)
public final class LlmMonitorChatClientAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LlmMonitorAdvisor llmMonitorAdvisor(LlmCallRecorder recorder, ObjectProvider<LlmCallCorrelation> correlation,
			Environment environment) {
		return new LlmMonitorAdvisor(recorder, openAiBaseUrl(environment), correlation.getIfAvailable());
	}

	private static @Nullable String openAiBaseUrl(Environment environment) {
		String chat = environment.getProperty("spring.ai.openai.chat.base-url");
		if (chat != null) {
			return chat;
		}
		String common = environment.getProperty("spring.ai.openai.base-url");
		return (common != null) ? common : environment.getProperty("OPENAI_BASE_URL");
	}

	@Bean
	@ConditionalOnMissingBean
	LlmMonitorRoundAdvisor llmMonitorRoundAdvisor(ObjectProvider<LlmCallCorrelation> correlation) {
		return new LlmMonitorRoundAdvisor(correlation.getIfAvailable());
	}

	/**
	 * Keep llm-monitor's own advisors out of Spring AI's advisor observations: each would
	 * otherwise add a {@code spring.ai.advisor} timer, a span and their cost to every
	 * call it monitors.
	 * @return the predicate
	 */
	@Bean
	ObservationPredicate llmMonitorAdvisorObservationPredicate() {
		return (name, context) -> !(context instanceof AdvisorObservationContext advisor
				&& advisor.getAdvisorName().startsWith("LlmMonitor"));
	}

	@Bean
	ChatClientBuilderCustomizer llmMonitorChatClientBuilderCustomizer(LlmMonitorAdvisor advisor,
			LlmMonitorRoundAdvisor roundAdvisor) {
		return (builder) -> builder.defaultAdvisors(advisor, roundAdvisor);
	}

}
