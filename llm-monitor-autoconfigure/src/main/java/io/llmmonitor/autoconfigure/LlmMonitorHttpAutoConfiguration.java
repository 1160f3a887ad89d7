package io.llmmonitor.autoconfigure;

import io.llmmonitor.capture.LlmCallCorrelation;
import io.llmmonitor.capture.LlmCallRecorder;
import io.llmmonitor.http.HttpLlmCapture;
import io.llmmonitor.http.JtokkitTokenEstimator;
import io.llmmonitor.http.LlmMonitorClientHttpRequestInterceptor;
import io.llmmonitor.http.LlmMonitorExchangeFilterFunction;
import io.llmmonitor.http.LlmMonitorOkHttpInterceptor;
import io.llmmonitor.http.TokenEstimator;
import io.llmmonitor.record.CallSource;

import org.springframework.ai.anthropic.http.okhttp.AnthropicHttpClientBuilderCustomizer;
import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * HTTP-level capture: an interceptor on every {@code RestClient} and {@code WebClient}
 * built from Boot's builders and on the OkHttp clients of Spring AI's OpenAI models, each
 * present only with its client library, all off with
 * {@code llm.monitor.capture.http.enabled=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = LlmMonitorAutoConfiguration.class, before = LlmMonitorChatClientAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "llm.monitor.capture.http.enabled", matchIfMissing = true)
@ConditionalOnBean(LlmCallRecorder.class)
public final class LlmMonitorHttpAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LlmCallCorrelation llmMonitorCallCorrelation() {
		return new LlmCallCorrelation();
	}

	@Bean
	@ConditionalOnMissingBean
	HttpLlmCapture llmMonitorHttpCapture(LlmCallRecorder recorder, LlmCallCorrelation correlation,
			ObjectProvider<TokenEstimator> tokenEstimator, LlmMonitorProperties properties) {
		return new HttpLlmCapture(recorder, correlation, tokenEstimator.getIfAvailable(),
				(int) properties.getCapture().getHttp().getMaxBodySize().toBytes(), CallSource.HTTP);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "com.knuddels.jtokkit.Encodings")
	static class TokenEstimatorConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TokenEstimator llmMonitorTokenEstimator() {
			return new JtokkitTokenEstimator();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestClientCustomizer.class, ClientHttpRequestInterceptor.class })
	static class RestClientConfiguration {

		@Bean
		RestClientCustomizer llmMonitorRestClientCustomizer(HttpLlmCapture capture) {
			LlmMonitorClientHttpRequestInterceptor interceptor = new LlmMonitorClientHttpRequestInterceptor(capture);
			return (builder) -> builder.requestInterceptors((interceptors) -> {
				if (interceptors.stream().noneMatch(LlmMonitorClientHttpRequestInterceptor.class::isInstance)) {
					interceptors.add(interceptor);
				}
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ WebClientCustomizer.class, ExchangeFilterFunction.class })
	static class WebClientConfiguration {

		@Bean
		WebClientCustomizer llmMonitorWebClientCustomizer(HttpLlmCapture capture) {
			LlmMonitorExchangeFilterFunction filter = new LlmMonitorExchangeFilterFunction(capture);
			return (builder) -> builder.filters((filters) -> {
				if (filters.stream().noneMatch(LlmMonitorExchangeFilterFunction.class::isInstance)) {
					filters.add(filter);
				}
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ OpenAiHttpClientBuilderCustomizer.class, okhttp3.Interceptor.class })
	static class OpenAiOkHttpConfiguration {

		@Bean
		OpenAiHttpClientBuilderCustomizer llmMonitorOpenAiHttpClientBuilderCustomizer(HttpLlmCapture capture) {
			LlmMonitorOkHttpInterceptor interceptor = new LlmMonitorOkHttpInterceptor(capture);
			return (builder) -> builder.interceptor(interceptor);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ AnthropicHttpClientBuilderCustomizer.class, okhttp3.Interceptor.class })
	static class AnthropicOkHttpConfiguration {

		// Spring AI applies it twice per model (sync and async client): one stateless
		// interceptor, added once to each client
		@Bean
		AnthropicHttpClientBuilderCustomizer llmMonitorAnthropicHttpClientBuilderCustomizer(HttpLlmCapture capture) {
			LlmMonitorOkHttpInterceptor interceptor = new LlmMonitorOkHttpInterceptor(capture);
			return (builder) -> builder.interceptor(interceptor);
		}

	}

}
