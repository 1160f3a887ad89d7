package io.llmmonitor.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.llmmonitor.capture.LlmCallCorrelation;
import io.llmmonitor.http.HttpLlmCapture;
import io.llmmonitor.http.LlmMonitorClientHttpRequestInterceptor;
import io.llmmonitor.http.LlmMonitorExchangeFilterFunction;
import io.llmmonitor.http.TokenEstimator;
import okhttp3.Interceptor;
import org.junit.jupiter.api.Test;

import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which HTTP-level interceptors llm-monitor adds, depending on the client libraries
 * present and {@code llm.monitor.capture.http.enabled}.
 */
class LlmMonitorHttpAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withPropertyValues("llm.monitor.store.enabled=false")
		.withConfiguration(
				AutoConfigurations.of(LlmMonitorAutoConfiguration.class, LlmMonitorHttpAutoConfiguration.class,
						RestClientAutoConfiguration.class, WebClientAutoConfiguration.class));

	@Test
	void everyClientIsCoveredByDefault() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(HttpLlmCapture.class)
				.hasSingleBean(LlmCallCorrelation.class)
				.hasSingleBean(TokenEstimator.class)
				.hasSingleBean(RestClientCustomizer.class)
				.hasSingleBean(WebClientCustomizer.class)
				.hasSingleBean(OpenAiHttpClientBuilderCustomizer.class);
			assertThat(interceptorsOf(context.getBean(RestClient.Builder.class)))
				.hasExactlyElementsOfTypes(LlmMonitorClientHttpRequestInterceptor.class);
			assertThat(filtersOf(context.getBean(WebClient.Builder.class)))
				.hasExactlyElementsOfTypes(LlmMonitorExchangeFilterFunction.class);
		});
	}

	@Test
	void aBuilderCustomizedTwiceGetsOneInterceptor() {
		this.runner.run((context) -> {
			RestClient.Builder builder = context.getBean(RestClient.Builder.class);
			context.getBean(RestClientCustomizer.class).customize(builder);
			assertThat(interceptorsOf(builder)).hasSize(1);
			WebClient.Builder webBuilder = context.getBean(WebClient.Builder.class);
			context.getBean(WebClientCustomizer.class).customize(webBuilder);
			assertThat(filtersOf(webBuilder)).hasSize(1);
		});
	}

	@Test
	void nothingIsAddedWhenHttpCaptureIsOff() {
		this.runner.withPropertyValues("llm.monitor.capture.http.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(HttpLlmCapture.class)
				.doesNotHaveBean(LlmCallCorrelation.class)
				.doesNotHaveBean(OpenAiHttpClientBuilderCustomizer.class);
			assertThat(interceptorsOf(context.getBean(RestClient.Builder.class))).isEmpty();
			assertThat(filtersOf(context.getBean(WebClient.Builder.class))).isEmpty();
		});
	}

	@Test
	void nothingIsAddedWhenMonitoringIsOff() {
		this.runner.withPropertyValues("llm.monitor.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HttpLlmCapture.class)
				.doesNotHaveBean(RestClientCustomizer.class));
	}

	@Test
	void eachInterceptorNeedsItsClientLibrary() {
		this.runner.withClassLoader(new FilteredClassLoader(Interceptor.class))
			.run((context) -> assertThat(context).hasSingleBean(HttpLlmCapture.class)
				.doesNotHaveBean(OpenAiHttpClientBuilderCustomizer.class)
				.hasSingleBean(RestClientCustomizer.class));
		this.runner.withClassLoader(new FilteredClassLoader(ExchangeFilterFunction.class))
			.run((context) -> assertThat(context).doesNotHaveBean(WebClientCustomizer.class)
				.hasSingleBean(RestClientCustomizer.class));
		this.runner.withClassLoader(new FilteredClassLoader(ClientHttpRequestInterceptor.class))
			.run((context) -> assertThat(context).doesNotHaveBean(RestClientCustomizer.class)
				.hasSingleBean(OpenAiHttpClientBuilderCustomizer.class));
		this.runner.withClassLoader(new FilteredClassLoader("com.knuddels.jtokkit"))
			.run((context) -> assertThat(context).hasSingleBean(HttpLlmCapture.class)
				.doesNotHaveBean(TokenEstimator.class));
	}

	private static List<ClientHttpRequestInterceptor> interceptorsOf(RestClient.Builder builder) {
		List<ClientHttpRequestInterceptor> interceptors = new ArrayList<>();
		builder.requestInterceptors(interceptors::addAll);
		return interceptors;
	}

	private static List<ExchangeFilterFunction> filtersOf(WebClient.Builder builder) {
		List<ExchangeFilterFunction> filters = new ArrayList<>();
		builder.filters(filters::addAll);
		return filters;
	}

}
