package io.llmmonitor.proxy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import io.llmmonitor.TestApplication;
import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.LlmCall;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.ai.anthropic.AnthropicSetup;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The proxy's Anthropic route with the anthropic-java SDK pointed at it (a client
 * llm-monitor does not watch itself): its key swapped for the proxy key's Anthropic key,
 * its {@code anthropic-version} header forwarded, {@code X-LLM-*} metadata applied and
 * stripped, calls and streams recorded once with Anthropic's counting.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "llm.monitor.proxy.enabled=true", "spring.ai.openai.api-key=sk-unused",
				"llm.monitor.proxy.keys.sk-proxy-team-a.anthropic-upstream-key=sk-ant-upstream-team-a",
				"llm.monitor.proxy.keys.sk-proxy-team-a.upstream-key=sk-openai-upstream-team-a",
				"llm.monitor.proxy.keys.sk-proxy-team-a.project=team-a" })
class LlmMonitorProxyAnthropicIntegrationTests extends ProxyIntegrationTestSupport {

	private static final String PROXY_KEY = "sk-proxy-team-a";

	@DynamicPropertySource
	static void anthropicUpstreamUrl(DynamicPropertyRegistry registry) {
		registry.add("llm.monitor.proxy.anthropic.upstream-url", () -> upstream.url("/v1"));
	}

	@Test
	void sdkCallIsForwardedWithTheUpstreamKeyAndRecorded() throws InterruptedException {
		upstream.enqueue(UpstreamServer.json("anthropic-messages-cache-write-5m.json", "request-id", "req_ant_7"));

		Message message = anthropic(PROXY_KEY, Map.of("X-LLM-Thread-Id", "thread-42")).messages().create(params());

		assertThat(message.usage().cacheCreationInputTokens()).contains(418L);
		UpstreamServer.Received received = upstream.takeRequest();
		assertThat(received.uri()).isEqualTo("/v1/messages");
		assertThat(received.header("x-api-key")).isEqualTo("sk-ant-upstream-team-a");
		assertThat(received.header("anthropic-version")).isNotNull();
		assertThat(received.header("Authorization")).isNull();
		assertThat(received.hasHeaderStartingWith("x-llm-")).isFalse();
		LlmCall call = this.captured.only();
		assertThat(call.origin().source()).isEqualTo(CallSource.PROXY);
		assertThat(call.origin().provider()).isEqualTo("anthropic");
		assertThat(call.origin().baseUrl()).isEqualTo(upstream.url("/v1"));
		assertThat(call.project()).isEqualTo("team-a");
		assertThat(call.context().threadId()).isEqualTo("thread-42");
		assertThat(call.context().attributes()).containsEntry("request-id", "req_ant_7");
		assertThat(call.tokens().promptTokens()).isEqualTo(3 + 418 + 1111);
		assertThat(call.tokens().cacheWriteTokens()).isEqualTo(418);
		assertThat(call.toString()).doesNotContain(PROXY_KEY).doesNotContain("sk-ant-upstream-team-a");
	}

	@Test
	void sdkStreamIsRelayedAndRecordedOnce() {
		upstream.enqueue(UpstreamServer.sse("anthropic-messages-stream-tool-use.sse"));

		List<RawMessageStreamEvent> events;
		try (StreamResponse<RawMessageStreamEvent> stream = anthropic(PROXY_KEY, Map.of()).messages()
			.createStreaming(params())) {
			events = stream.stream().toList();
		}

		assertThat(events).anySatisfy((event) -> assertThat(event.isMessageStop()).isTrue());
		LlmCall call = this.captured.only();
		assertThat(call.origin().source()).isEqualTo(CallSource.PROXY);
		assertThat(call.request().streamed()).isTrue();
		assertThat(call.response().toolCalls()).extracting("name").containsExactly("get_exchange_rate");
		assertThat(call.tokens().promptTokens()).isEqualTo(1591);
		assertThat(call.tokens().completionTokens()).isEqualTo(175);
	}

	@Test
	void clientInAnyLanguageSendingItsOwnHeadersIsRecorded() throws Exception {
		upstream.enqueue(UpstreamServer.json("anthropic-messages-tool-use.json"));

		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(anthropicUrl("/v1/messages")))
				.header("x-api-key", PROXY_KEY)
				.header("anthropic-version", "2023-06-01")
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,"
						+ "\"messages\":[{\"role\":\"user\",\"content\":\"Where do I live?\"}]}"))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("final_result");
		LlmCall call = this.captured.only();
		assertThat(call.request().requestedModel()).isEqualTo("claude-sonnet-4-5");
		assertThat(call.response().toolCalls()).extracting("name").containsExactly("final_result");
		assertThat(upstream.takeRequest().header("x-api-key")).isEqualTo("sk-ant-upstream-team-a");
	}

	@Test
	void unknownKeyIsRejectedBeforeAnythingGoesUpstream() {
		Throwable thrown = catchThrowable(() -> anthropic("sk-not-a-proxy-key", Map.of()).messages().create(params()));

		assertThat(thrown).isInstanceOf(UnauthorizedException.class).hasMessageContaining("x-api-key");
		assertThat(upstream.hasRequest()).isFalse();
	}

	private String anthropicUrl(String path) {
		return "http://127.0.0.1:" + this.port + "/llm-proxy/anthropic" + path;
	}

	private AnthropicClient anthropic(String apiKey, Map<String, String> headers) {
		return AnthropicSetup.setupSyncClient(anthropicUrl(""), apiKey, Duration.ofSeconds(10), 0, null, headers,
				ObservationRegistry.NOOP, null, null, List.of());
	}

	private static MessageCreateParams params() {
		return MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(1024).addUserMessage("Hi").build();
	}

}
