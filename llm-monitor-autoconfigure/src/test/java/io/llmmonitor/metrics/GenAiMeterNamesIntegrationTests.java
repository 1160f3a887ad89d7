package io.llmmonitor.metrics;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.llmmonitor.Fixtures;
import io.llmmonitor.LoopbackOpenAi;
import io.llmmonitor.Promtool;
import io.llmmonitor.TestApplication;
import okhttp3.mockwebserver.MockResponse;
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
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * With {@code llm.monitor.metrics.naming=both}, a scrape after ChatClient calls, a
 * stream, a hand-written RestClient call and a failed call: the GenAI client meters under
 * the conventions' names, agreeing with the llm_* meters call for call and token for
 * token, Spring AI's token counter of the same name turned off, and promtool content.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=prometheus", "spring.ai.openai.api-key=sk-test",
				"spring.ai.openai.max-retries=0", "spring.ai.openai.chat.options.model=gpt-4o",
				"llm.monitor.metrics.naming=both" })
@AutoConfigureMetrics
class GenAiMeterNamesIntegrationTests {

	static final MockWebServer server = LoopbackOpenAi.start();

	@LocalServerPort
	int port;

	@Autowired
	ChatClient.Builder chatClientBuilder;

	@Autowired
	RestClient.Builder restClientBuilder;

	@DynamicPropertySource
	static void openAi(DynamicPropertyRegistry registry) {
		LoopbackOpenAi.baseUrl(registry, server);
	}

	@AfterAll
	static void stopServer() {
		LoopbackOpenAi.stop(server);
	}

	@Test
	void scrapeHasTheConventionsMetersAgreeingWithOursAndPassesPromtool(@TempDir Path dir) throws Exception {
		ChatClient chatClient = this.chatClientBuilder.build();
		server.enqueue(Fixtures.json("openai-chat-cached-tokens.json"));
		server.enqueue(Fixtures.sse("openai-chat-stream-plain.sse"));
		server.enqueue(Fixtures.json("openai-chat-plain.json"));
		server.enqueue(new MockResponse().setResponseCode(429)
			.setHeader("Content-Type", "application/json")
			.setBody("{\"error\": {\"message\": \"Rate limit reached\", \"type\": \"requests\", \"code\":"
					+ " \"rate_limit_exceeded\"}}"));
		chatClient.prompt().user("Hi").call().content();
		chatClient.prompt().user("Hi").stream().content().blockLast(Duration.ofSeconds(10));
		RestClient restClient = this.restClientBuilder.baseUrl(server.url("/v1/chat/completions").toString()).build();
		Map<String, Object> request = Map.of("model", "gpt-4o-mini", "messages",
				List.of(Map.of("role", "user", "content", "Hi")));
		restClient.post().body(request).retrieve().body(String.class);
		assertThat(catchThrowable(() -> restClient.post().body(request).retrieve().body(String.class))).isNotNull();

		String scrape = Promtool.scrape(this.port);
		String upstream = "server_address=\"localhost\",server_port=\""
				+ GenAiMeterNamesIntegrationTests.server.getPort() + "\"";
		assertThat(scrape).contains(
				"gen_ai_client_operation_duration_seconds_count{error_type=\"\",gen_ai_operation_name=\"chat\","
						+ "gen_ai_provider_name=\"openai-compatible\",gen_ai_request_model=\"gpt-4o\","
						+ "gen_ai_response_model=\"gpt-4o-2024-08-06\"," + upstream + "} 2",
				"gen_ai_client_operation_duration_seconds_bucket{error_type=\"requests\","
						+ "gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai-compatible\","
						+ "gen_ai_request_model=\"gpt-4o-mini\",gen_ai_response_model=\"\"," + upstream
						+ ",le=\"81.92\"} 1",
				"gen_ai_client_token_usage_bucket{error_type=\"\",gen_ai_operation_name=\"chat\","
						+ "gen_ai_provider_name=\"openai-compatible\",gen_ai_request_model=\"gpt-4o\","
						+ "gen_ai_response_model=\"gpt-4o-2024-08-06\",gen_ai_token_type=\"input\"," + upstream
						+ ",le=\"4096.0\"} 2",
				"gen_ai_client_operation_time_to_first_chunk_seconds_count{error_type=\"\"",
				"# TYPE gen_ai_usage_cost_USD summary", "# TYPE gen_ai_client_token_usage histogram",
				"gen_ai_client_operation_seconds_count{");
		assertThat(scrape).doesNotContain("gen_ai_client_token_usage_total");

		Samples samples = new Samples(scrape);
		assertThat(samples.sum("gen_ai_client_operation_duration_seconds_count", "")).isEqualTo(4)
			.isEqualTo(samples.sum("llm_requests_total", ""));
		assertThat(samples.sum("gen_ai_client_token_usage_sum", "gen_ai_token_type=\"input\"")).isPositive()
			.isEqualTo(samples.sum("llm_tokens_total", "type=\"input\""));
		assertThat(samples.sum("gen_ai_client_token_usage_sum", "gen_ai_token_type=\"output\"")).isPositive()
			.isEqualTo(samples.sum("llm_tokens_total", "type=\"output\""));
		assertThat(samples.sum("gen_ai_usage_cost_USD_sum", "")).isPositive()
			.isEqualTo(samples.sum("llm_cost_usd_total", ""));

		Promtool whole = Promtool.checkMetrics(scrape, dir);
		assertThat(whole.exitCode()).as(whole.output()).isIn(0, 3);
		assertThat(whole.output().lines()).as(whole.output())
			.noneMatch((line) -> line.startsWith("llm_") || line.startsWith("gen_ai_client_operation_duration")
					|| line.startsWith("gen_ai_client_token_usage") || line.startsWith("gen_ai_usage_cost")
					|| line.startsWith("gen_ai_client_operation_time_to_first_chunk"))
			.noneMatch((line) -> line.contains("error"));
	}

	/**
	 * Sample lines of a scrape, summed by name and a label they carry.
	 */
	record Samples(String scrape) {

		double sum(String name, String label) {
			return this.scrape.lines()
				.filter((line) -> line.startsWith(name + "{") || line.startsWith(name + " "))
				.filter((line) -> line.contains(label))
				.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.sum();
		}

	}

}
