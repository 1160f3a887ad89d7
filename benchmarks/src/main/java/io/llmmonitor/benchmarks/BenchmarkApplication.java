package io.llmmonitor.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.observation.ObservationPredicate;
import okhttp3.Interceptor;

import org.springframework.ai.chat.client.ChatClientCustomizer;
import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.FileSystemUtils;

/**
 * An application as a user writes it — nothing but auto-configuration — started with or
 * without llm-monitor. With {@code bench.model=fixed} its only model is a
 * {@link FixedChatModel}; otherwise Spring AI's OpenAI auto-configuration provides one.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class BenchmarkApplication {

	/**
	 * Where the applications' H2 files go (a file database, as an application keeps its
	 * records in).
	 */
	private static final Path DATA = temporaryDirectory();

	@Bean
	@ConditionalOnProperty(name = "bench.model", havingValue = "fixed")
	ChatModel fixedChatModel() {
		return new FixedChatModel();
	}

	/**
	 * Two advisors that do nothing but pass the call on, as many as llm-monitor adds:
	 * what Spring AI's advisor chain itself costs for them.
	 */
	@Bean
	@ConditionalOnProperty(name = "bench.pass-through-advisors", havingValue = "true")
	ChatClientCustomizer passThroughAdvisors() {
		return (builder) -> builder.defaultAdvisors(
				new PassThroughAdvisor("passThroughOuter", Ordered.HIGHEST_PRECEDENCE + 100),
				new PassThroughAdvisor("passThroughInner", Ordered.LOWEST_PRECEDENCE - 100));
	}

	@Bean
	@ConditionalOnProperty(name = "bench.store", havingValue = "slow")
	SlowRepository slowRepository() {
		return new SlowRepository();
	}

	/**
	 * Start the application.
	 * @param monitored whether llm-monitor is on
	 * @param properties further properties
	 * @return the context
	 */
	static ConfigurableApplicationContext start(boolean monitored, String... properties) {
		return start(WebApplicationType.NONE, monitored, properties);
	}

	/**
	 * Start the application, monitored, with its web server on a free port.
	 * @param properties further properties
	 * @return the context
	 */
	static ConfigurableApplicationContext startWeb(String... properties) {
		List<String> all = new ArrayList<>(List.of(properties));
		all.add("server.port=0");
		return start(WebApplicationType.SERVLET, true, all.toArray(String[]::new));
	}

	private static ConfigurableApplicationContext start(WebApplicationType type, boolean monitored,
			String... properties) {
		List<String> all = new ArrayList<>(List.of("llm.monitor.enabled=" + monitored, "spring.main.banner-mode=off",
				"logging.level.root=WARN",
				"spring.datasource.url=jdbc:h2:file:" + DATA.resolve("bench-" + System.nanoTime()),
				"llm.monitor.store.initialize-schema=always", "management.defaults.metrics.export.enabled=true"));
		all.addAll(List.of(properties));
		String extra = System.getProperty("bench.properties");
		if (extra != null && !extra.isBlank()) {
			all.addAll(List.of(extra.split(",")));
		}
		return new SpringApplicationBuilder(BenchmarkApplication.class).web(type)
			.properties(all.toArray(String[]::new))
			.run();
	}

	private static Path temporaryDirectory() {
		try {
			Path directory = Files.createTempDirectory("llm-monitor-bench");
			Runtime.getRuntime()
				.addShutdownHook(new Thread(() -> FileSystemUtils.deleteRecursively(directory.toFile())));
			return directory;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Properties that leave the fixed model the only one. */
	static final String[] FIXED_MODEL = { "bench.model=fixed", "spring.ai.model.chat=none",
			"spring.ai.model.embedding=none", "spring.ai.model.image=none", "spring.ai.model.audio.speech=none",
			"spring.ai.model.audio.transcription=none", "spring.ai.model.moderation=none" };

	/**
	 * The hooks llm-monitor uses, doing nothing: two pass-through advisors at
	 * llm-monitor's orders, kept out of Spring AI's advisor observations as llm-monitor's
	 * are, and an OkHttp interceptor on the OpenAI client that only proceeds. What any
	 * monitoring through these hooks costs before it does any work.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "bench.empty-hooks", havingValue = "true")
	static class EmptyHooksConfiguration {

		@Bean
		ChatClientCustomizer emptyHookAdvisors() {
			return (builder) -> builder.defaultAdvisors(
					new PassThroughAdvisor("EmptyHookOuter", Ordered.HIGHEST_PRECEDENCE + 100),
					new PassThroughAdvisor("EmptyHookInner", Ordered.LOWEST_PRECEDENCE - 100));
		}

		@Bean
		ObservationPredicate emptyHookAdvisorObservationPredicate() {
			return (name, context) -> !(context instanceof AdvisorObservationContext advisor
					&& advisor.getAdvisorName().startsWith("EmptyHook"));
		}

		@Bean
		OpenAiHttpClientBuilderCustomizer emptyHookInterceptor() {
			Interceptor interceptor = (chain) -> chain.proceed(chain.request());
			return (builder) -> builder.interceptor(interceptor);
		}

	}

	record PassThroughAdvisor(String getName, int getOrder) implements CallAdvisor {

		@Override
		public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
			return chain.nextCall(request);
		}

	}

}
