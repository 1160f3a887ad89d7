package io.llmmonitor.sample;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

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

}
