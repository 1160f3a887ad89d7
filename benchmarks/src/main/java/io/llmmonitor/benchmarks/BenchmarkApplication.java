package io.llmmonitor.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * An application as a user writes it — nothing but auto-configuration — started with or
 * without llm-monitor. With {@code bench.model=fixed} its only model is a
 * {@link FixedChatModel}; otherwise Spring AI's OpenAI auto-configuration provides one.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class BenchmarkApplication {

	@Bean
	@ConditionalOnProperty(name = "bench.model", havingValue = "fixed")
	ChatModel fixedChatModel() {
		return new FixedChatModel();
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
				"logging.level.root=WARN", "spring.datasource.url=jdbc:h2:mem:bench-" + System.nanoTime(),
				"management.defaults.metrics.export.enabled=true"));
		all.addAll(List.of(properties));
		String extra = System.getProperty("bench.properties");
		if (extra != null && !extra.isBlank()) {
			all.addAll(List.of(extra.split(",")));
		}
		return new SpringApplicationBuilder(BenchmarkApplication.class).web(type)
			.properties(all.toArray(String[]::new))
			.run();
	}

	/** Properties that leave the fixed model the only one. */
	static final String[] FIXED_MODEL = { "bench.model=fixed", "spring.ai.model.chat=none",
			"spring.ai.model.embedding=none", "spring.ai.model.image=none", "spring.ai.model.audio.speech=none",
			"spring.ai.model.audio.transcription=none", "spring.ai.model.moderation=none" };

}
