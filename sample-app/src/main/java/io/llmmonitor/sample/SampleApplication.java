package io.llmmonitor.sample;

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
		SpringApplication.run(SampleApplication.class, args);
	}

}
