package io.llmmonitor.metrics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

import io.llmmonitor.Fixtures;
import io.llmmonitor.LoopbackOpenAi;
import io.llmmonitor.Promtool;
import io.llmmonitor.TestApplication;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scrape of {@code /actuator/prometheus} after real calls: llm-monitor's families under
 * their contract names beside Spring AI's {@code gen_ai_*} ones, and a scrape that
 * {@code promtool check metrics} accepts.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=prometheus", "spring.ai.openai.api-key=sk-test",
				"spring.ai.openai.max-retries=0", "spring.ai.openai.chat.options.model=gpt-4o" })
@AutoConfigureMetrics
class PrometheusScrapeIntegrationTests {

	static final MockWebServer server = LoopbackOpenAi.start();

	@LocalServerPort
	int port;

	@Autowired
	ChatClient.Builder chatClientBuilder;

	@DynamicPropertySource
	static void openAi(DynamicPropertyRegistry registry) {
		LoopbackOpenAi.baseUrl(registry, server);
	}

	@AfterAll
	static void stopServer() {
		LoopbackOpenAi.stop(server);
	}

	@Test
	void scrapeHasTheContractFamiliesAndPassesPromtool(@TempDir Path dir) throws Exception {
		ChatClient chatClient = this.chatClientBuilder.build();
		server.enqueue(Fixtures.json("openai-chat-cached-tokens.json"));
		server.enqueue(Fixtures.sse("openai-chat-stream-plain.sse"));
		server.enqueue(Fixtures.json("vllm-chat-plain.json"));
		chatClient.prompt().user("Hi").call().content();
		chatClient.prompt().user("Hi").stream().content().blockLast(Duration.ofSeconds(10));
		chatClient.prompt().user("Hi").call().content();

		String scrape = Promtool.scrape(this.port);

		assertThat(scrape).contains(
				"llm_requests_total{environment=\"default\",model=\"gpt-4o-2024-08-06\",operation=\"chat\",outcome=\"success\",project=\"default\",provider=\"openai-compatible\",source=\"advisor\"} 2.0",
				"llm_tokens_total{environment=\"default\",model=\"gpt-4o-2024-08-06\",operation=\"chat\",project=\"default\",provider=\"openai-compatible\",source=\"advisor\",type=\"cached_input\"} 1152.0",
				"llm_tokens_total{environment=\"default\",model=\"gpt-4o-2024-08-06\",operation=\"chat\",project=\"default\",provider=\"openai-compatible\",source=\"advisor\",type=\"input\"} 1234.0",
				"llm_cost_usd_total{environment=\"default\",model=\"gpt-4o-2024-08-06\",project=\"default\",provider=\"openai-compatible\",source=\"advisor\"}",
				"llm_latency_seconds_bucket{environment=\"default\",model=\"gpt-4o-2024-08-06\",operation=\"chat\",outcome=\"success\",project=\"default\",provider=\"openai-compatible\",source=\"advisor\",le=\"120.0\"} 2",
				"llm_time_to_first_token_seconds_bucket{",
				"llm_cost_unpriced_total{model=\"deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B\",provider=\"openai-compatible\"} 1.0",
				"llm_monitor_queue_size ", "llm_monitor_records_dropped_total{reason=\"queue_full\"} 0.0",
				"gen_ai_client_token_usage_total{");
		assertThat(scrape).doesNotContain("gen_ai_client_token_usage_total{model=");

		String ours = scrape.lines()
			.filter((line) -> line.startsWith("llm_") || line.startsWith("# HELP llm_")
					|| line.startsWith("# TYPE llm_"))
			.collect(Collectors.joining("\n", "", "\n"));
		assertThat(Promtool.checkMetrics(ours, dir).exitCode()).as(ours).isZero();
		// Boot's, Micrometer's and Spring AI's own meters draw lint warnings (no help
		// text, abbreviated units): the whole scrape must parse, and every warning be
		// theirs.
		Promtool whole = Promtool.checkMetrics(scrape, dir);
		assertThat(whole.exitCode()).as(whole.output()).isIn(0, 3);
		assertThat(whole.output().lines()).as(whole.output())
			.noneMatch((line) -> line.startsWith("llm_"))
			.noneMatch((line) -> line.contains("error"));
	}

}
