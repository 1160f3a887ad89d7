package io.llmmonitor.sample;

import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * A Spring Boot application that makes LLM calls through Spring AI, monitored by
 * llm-monitor with nothing but the starter and {@code application.yml}.
 */
@SpringBootApplication
@EnableConfigurationProperties(TrafficProperties.class)
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(SampleApplication.class);
		if (System.getenv("OPENAI_API_KEY") != null) {
			application.setDefaultProperties(Map.of("sample.provider-url", "https://api.openai.com/v1"));
		}
		application.run(args);
	}

	/**
	 * Says at start-up who can read what the sample stores and use its proxy.
	 * @return the listener
	 */
	@Bean
	ApplicationListener<ApplicationReadyEvent> exposureWarning() {
		return (event) -> {
			Environment environment = event.getApplicationContext().getEnvironment();
			String address = environment.getProperty("server.address", "every interface");
			Log logger = LogFactory.getLog(SampleApplication.class);
			logger.warn("The sample shows stored prompts and answers (llm.monitor.endpoint.show-content=always), "
					+ "its board and its monitoring proxy, with no login, to anyone who can reach " + address + ":"
					+ environment.getProperty("local.server.port") + "; set SERVER_ADDRESS to listen elsewhere "
					+ "and secure it first (see the README's Spring Security recipe)");
		};
	}

}
