package io.llmmonitor.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallFilter;
import io.llmmonitor.record.LlmCallRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application as a newcomer runs it: no API key, demo traffic against the
 * built-in simulator over real HTTP, records and meters at the actuator endpoints.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:sample-test;DB_CLOSE_DELAY=-1",
				"sample.traffic.interval=50ms", "llm.monitor.store.flush-interval=50ms" })
@AutoConfigureMetrics
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationIntegrationTests {

	static final int PORT = TestSocketUtils.findAvailableTcpPort();

	@Autowired
	LlmCallRepository repository;

	@Value("${server.address}")
	String serverAddress;

	@DynamicPropertySource
	static void port(DynamicPropertyRegistry registry) {
		registry.add("server.port", () -> PORT);
	}

	@Test
	void demoTrafficGivesEveryPanelOfTheBoardSomethingToShow() {
		await().atMost(Duration.ofSeconds(60)).until(() -> calls().size() >= 26);
		List<LlmCall> calls = calls();

		assertThat(calls).extracting((call) -> call.response().model())
			.contains("gpt-4o-mini-2024-07-18", "gpt-4o-2024-08-06", "gpt-4.1-nano-2025-04-14", "o3-mini-2025-01-31",
					"gpt-5-mini-2025-08-07", "acme-local-7b");
		assertThat(calls).extracting(LlmCall::project).contains("sample", "support-bot", "search");
		assertThat(calls).extracting((call) -> call.context().userId()).contains("demo-user-0", "demo-user-4");
		assertThat(calls).anyMatch((call) -> call.request().streamed()).anyMatch((call) -> !call.request().streamed());
		assertThat(calls).anyMatch((call) -> call.request().streamed() && call.timing().timeToFirstTokenMs() != null
				&& call.tokens().promptTokens() != null && call.costUsd() != null);
		assertThat(calls)
			.anyMatch((call) -> !call.response().toolCalls().isEmpty() && call.response().modelRequests() == 2);
		assertThat(calls)
			.anyMatch((call) -> call.tokens().reasoningTokens() != null && call.tokens().reasoningTokens() > 0);
		assertThat(calls).anyMatch((call) -> call.tokens().cachedTokens() != null && call.tokens().cachedTokens() > 0);
		assertThat(calls).filteredOn(LlmCall::unpriced).extracting(LlmCall::effectiveModel).contains("acme-local-7b");
		assertThat(calls).filteredOn(LlmCall::failed)
			.extracting((call) -> call.outcome().errorType())
			.contains("invalid_request_error", "requests", "http_503");
		assertThat(calls).anyMatch((call) -> call.origin().source() == CallSource.HTTP && call.request().streamed()
				&& call.tokens().tokensEstimated());
		assertThat(calls).anyMatch(
				(call) -> call.origin().source() == CallSource.PROXY && "demo-script".equals(call.context().clientId())
						&& call.context().tags().contains("proxy") && call.tokens().promptTokens() != null);
		assertThat(calls).filteredOn((call) -> call.origin().source() == CallSource.ADVISOR)
			.allMatch((call) -> call.context().attributes().containsKey("x-request-id") || call.failed());
		Map<String, List<LlmCall>> threads = calls.stream()
			.filter((call) -> call.context().threadId() != null)
			.collect(Collectors.groupingBy((call) -> call.context().threadId()));
		assertThat(threads.values()).anyMatch((turns) -> turns.size() >= 2);
	}

	@Test
	void boardIsServedAndItsUrlLogged(CapturedOutput output) {
		RestClient http = RestClient.create("http://127.0.0.1:" + PORT);

		assertThat(http.get().uri("/llm-monitor/").retrieve().body(String.class))
			.contains("<meta name=\"llm-monitor-usage\" content=\"/actuator/llmusage\">");
		assertThat(output).contains("; board at http://localhost:" + PORT + "/llm-monitor/");
	}

	@Test
	void listensOnLoopbackOnlyAndSaysWhoCanReadItsContent(CapturedOutput output) {
		assertThat(output).contains("WARN").contains("to anyone who can reach 127.0.0.1:" + PORT);
		assertThat(this.serverAddress).isEqualTo("127.0.0.1");
	}

	@Test
	void simulatorListsModelsAndAnswersAnyName() {
		RestClient http = RestClient.create("http://127.0.0.1:" + PORT + "/simulator/v1");

		assertThat(http.get().uri("/models").retrieve().body(String.class)).contains("\"gpt-5-mini\"",
				"\"object\":\"list\"");
		Map<?, ?> completion = http.post()
			.uri("/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("model", "my-fine-tune", "messages", List.of(Map.of("role", "user", "content", "Hi"))))
			.retrieve()
			.body(Map.class);
		assertThat(completion.get("model")).isEqualTo("my-fine-tune");
	}

	@Test
	void actuatorShowsCallsWithContentAndMeters() {
		await().atMost(Duration.ofSeconds(60)).until(() -> calls().size() >= 3);
		RestClient http = RestClient.create("http://127.0.0.1:" + PORT + "/actuator");

		Map<?, ?> page = http.get().uri("/llmcalls?limit=5").retrieve().body(Map.class);
		List<?> listed = (List<?>) page.get("calls");
		assertThat(listed).isNotEmpty();
		String id = (String) ((Map<?, ?>) listed.get(listed.size() - 1)).get("id");
		Map<?, ?> call = http.get().uri("/llmcalls/" + id).retrieve().body(Map.class);
		assertThat((List<?>) call.get("messages")).isNotEmpty();

		String scrape = http.get().uri("/prometheus").retrieve().body(String.class);
		assertThat(scrape).contains("llm_requests_total{", "llm_tokens_total{", "llm_cost_usd_total{",
				"llm_latency_seconds_bucket{", "tenant=\"acme\"");
		Map<?, ?> usage = http.get().uri("/llmusage?groupBy=attribute:tenant").retrieve().body(Map.class);
		assertThat((List<?>) usage.get("usage")).isNotEmpty();
	}

	private List<LlmCall> calls() {
		return this.repository.find(LlmCallFilter.ALL, 1000, null).calls();
	}

}
