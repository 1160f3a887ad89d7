package io.llmmonitor.http;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import io.llmmonitor.CapturedCalls;
import io.llmmonitor.Fixtures;
import io.llmmonitor.LoopbackOpenAi;
import io.llmmonitor.TestApplication;
import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.CallStatus;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmToolCall;
import io.llmmonitor.springai.LlmMonitorAdvisor;
import io.llmmonitor.springai.LlmMonitorRoundAdvisor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.anthropic.AnthropicSetup;
import org.springframework.ai.anthropic.http.okhttp.AnthropicHttpClientBuilderCustomizer;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Anthropic's Messages API through each of its clients, against a loopback server serving
 * recorded Anthropic answers: a {@code ChatClient} on Spring AI's Anthropic model (call
 * and stream), the anthropic-java SDK client Spring AI builds with llm-monitor's OkHttp
 * customizer (call, stream, stream closed early), and a hand-written {@code RestClient}
 * call. One record each, in Anthropic's counting made the record's, and the meters
 * agreeing.
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "spring.ai.openai.api-key=sk-test", "spring.ai.openai.max-retries=0" })
@Import(CapturedCalls.class)
class AnthropicCaptureIntegrationTests {

	static final MockWebServer server = LoopbackOpenAi.start();

	private static final String MODEL = "claude-sonnet-4-5";

	@Autowired
	ObjectProvider<AnthropicHttpClientBuilderCustomizer> anthropicCustomizers;

	@Autowired
	LlmMonitorAdvisor advisor;

	@Autowired
	LlmMonitorRoundAdvisor roundAdvisor;

	@Autowired
	RestClient.Builder restClientBuilder;

	@Autowired
	WebClient.Builder webClientBuilder;

	@Autowired
	MeterRegistry meterRegistry;

	@Autowired
	CapturedCalls captured;

	@DynamicPropertySource
	static void openAi(DynamicPropertyRegistry registry) {
		LoopbackOpenAi.baseUrl(registry, server);
	}

	@AfterAll
	static void stopServer() {
		LoopbackOpenAi.stop(server);
	}

	private double requestsBefore;

	private double inputBefore;

	private double outputBefore;

	private double costBefore;

	@BeforeEach
	void clear() throws InterruptedException {
		LoopbackOpenAi.forgetRequests(server);
		this.captured.clear();
		this.requestsBefore = total("llm.requests");
		this.inputBefore = tokens("input");
		this.outputBefore = tokens("output");
		this.costBefore = total("llm.cost");
	}

	@Test
	void chatClientCallOnTheAnthropicModelIsOneAdvisorRecordInTheRecordsCounting() throws Exception {
		server.enqueue(answer("anthropic-messages-cache-write-5m.json"));
		String text = chatClient().prompt().user("What is Python?").call().content();

		assertThat(text).startsWith("Python is a beginner-friendly");
		LlmCall call = this.captured.only();
		assertThat(call.origin().source()).isEqualTo(CallSource.ADVISOR);
		assertThat(call.origin().provider()).isEqualTo("anthropic");
		assertThat(call.origin().baseUrl()).isEqualTo("http://localhost:" + server.getPort() + "/v1");
		assertThat(call.response().model()).isEqualTo("claude-sonnet-4-5-20250929");
		assertThat(call.tokens().promptTokens()).isEqualTo(3 + 418 + 1111);
		assertThat(call.tokens().cachedTokens()).isEqualTo(1111);
		assertThat(call.tokens().cacheWriteTokens()).isEqualTo(418);
		assertThat(call.tokens().completionTokens()).isEqualTo(33);
		assertThat(call.costUsd()).isEqualByComparingTo(new BigDecimal("0.0024048"));
		assertThat(call.context().attributes()).containsEntry("request-id", "req_anthropic_1");
		assertMetersAgree(call);
		RecordedRequest sent = server.takeRequest();
		assertThat(sent.getPath()).isEqualTo("/v1/messages");
		assertThat(sent.getHeader("anthropic-version")).isNotNull();
		assertThat(sent.getHeader("X-LLM-Monitor-Call")).isNull();
	}

	@Test
	void chatClientCallKeepsTheOneHourCacheWritesOfItsModelRequest() {
		// the recorded answer, its cache writes made one-hour ones
		server.enqueue(new MockResponse().setHeader("Content-Type", "application/json")
			.setBody(Fixtures.read("anthropic-messages-cache-write-5m.json")
				.replace("\"ephemeral_1h_input_tokens\": 0", "\"ephemeral_1h_input_tokens\": 418")
				.replace("\"ephemeral_5m_input_tokens\": 418", "\"ephemeral_5m_input_tokens\": 0")));

		chatClient().prompt().user("What is Python?").call().content();

		LlmCall call = this.captured.only();
		assertMetersAgree(call);
		assertThat(call.origin().source()).isEqualTo(CallSource.ADVISOR);
		assertThat(call.tokens().cacheWrite1hTokens()).isEqualTo(418);
		assertThat(call.costUsd()).isEqualByComparingTo(new BigDecimal("0.0033453"));
	}

	@Test
	void chatClientStreamOnTheAnthropicModelIsOneRecord() {
		server.enqueue(stream("anthropic-messages-stream-thinking.sse"));

		String text = chatClient().prompt()
			.user("How do I cross the street?")
			.stream()
			.content()
			.collectList()
			.map((parts) -> String.join("", parts))
			.block(Duration.ofSeconds(10));

		assertThat(text).startsWith("Here are");
		LlmCall call = this.captured.only();
		assertMetersAgree(call);
		assertThat(call.origin().source()).isEqualTo(CallSource.ADVISOR);
		assertThat(call.origin().provider()).isEqualTo("anthropic");
		assertThat(call.request().streamed()).isTrue();
		assertThat(call.tokens().promptTokens()).isEqualTo(43);
		assertThat(call.tokens().completionTokens()).isEqualTo(282);
		assertThat(call.timing().timeToFirstTokenMs()).isNotNull();
		assertThat(call.outcome().status()).isEqualTo(CallStatus.SUCCESS);
	}

	@Test
	void sdkCallIsOneHttpRecord() {
		server.enqueue(answer("anthropic-messages-cache-read.json"));

		Message message = sdk().messages().create(params());

		assertThat(message.usage().cacheReadInputTokens()).contains(1111L);
		LlmCall call = this.captured.only();
		assertMetersAgree(call);
		assertThat(call.origin().source()).isEqualTo(CallSource.HTTP);
		assertThat(call.origin().provider()).isEqualTo("anthropic");
		assertThat(call.request().requestedModel()).isEqualTo(MODEL);
		assertThat(call.request().messages()).extracting("content").containsExactly("Hi");
		assertThat(call.tokens().promptTokens()).isEqualTo(3 + 1111);
		assertThat(call.tokens().cachedTokens()).isEqualTo(1111);
		assertThat(call.response().responseText()).startsWith("# What is Python?");
	}

	@Test
	void sdkStreamIsOneHttpRecordWithItsToolCall() {
		server.enqueue(stream("anthropic-messages-stream-tool-use.sse"));

		try (StreamResponse<RawMessageStreamEvent> events = sdk().messages().createStreaming(params())) {
			assertThat(events.stream().count()).isPositive();
		}

		LlmCall call = this.captured.only();
		assertMetersAgree(call);
		assertThat(call.origin().source()).isEqualTo(CallSource.HTTP);
		assertThat(call.request().streamed()).isTrue();
		assertThat(call.response().finishReason()).isEqualTo("tool_use");
		assertThat(call.response().toolCalls()).containsExactly(new LlmToolCall("toolu_01EFn5wTNBYA8Reni8rbmnHT",
				"get_exchange_rate", "{\"from_currency\": \"USD\", \"to_currency\": \"EUR\"}"));
		assertThat(call.tokens().promptTokens()).isEqualTo(1591);
		assertThat(call.tokens().completionTokens()).isEqualTo(175);
	}

	@Test
	void sdkStreamClosedAfterItsFirstEventIsStillOneRecord() {
		server.enqueue(stream("anthropic-messages-stream-thinking.sse"));

		try (StreamResponse<RawMessageStreamEvent> events = sdk().messages().createStreaming(params())) {
			try (Stream<RawMessageStreamEvent> stream = events.stream()) {
				assertThat(stream.findFirst()).isPresent();
			}
		}

		LlmCall call = this.captured.only();
		assertMetersAgree(call);
		assertThat(call.request().streamed()).isTrue();
		assertThat(call.response().model()).isEqualTo("claude-sonnet-4-20250514");
		assertThat(call.response().finishReason()).isEqualTo("cancelled");
		assertThat(call.tokens().promptTokens()).isEqualTo(43);
	}

	@Test
	void handWrittenRestClientCallToMessagesIsOneRecord() {
		server.enqueue(answer("anthropic-messages-tool-use.json"));

		String body = this.restClientBuilder.build()
			.post()
			.uri(server.url("/v1/messages").uri())
			.header("x-api-key", "sk-ant-api03-test")
			.header("anthropic-version", "2023-06-01")
			.body(Map.of("model", MODEL, "max_tokens", 1024, "messages",
					List.of(Map.of("role", "user", "content", "Where do I live?"))))
			.retrieve()
			.body(String.class);

		assertThat(body).contains("final_result");
		LlmCall call = this.captured.only();
		assertMetersAgree(call);
		assertThat(call.origin().source()).isEqualTo(CallSource.HTTP);
		assertThat(call.origin().provider()).isEqualTo("anthropic");
		assertThat(call.response().toolCalls()).extracting("name").containsExactly("final_result");
		assertThat(call.tokens().promptTokens()).isEqualTo(497);
		assertThat(call.costUsd()).isEqualByComparingTo(new BigDecimal("0.002331"));
	}

	@Test
	void handWrittenWebClientStreamOfMessagesIsOneRecord() {
		server.enqueue(stream("anthropic-messages-stream-thinking.sse"));

		List<String> events = this.webClientBuilder.build()
			.post()
			.uri(server.url("/v1/messages").uri())
			.header("x-api-key", "sk-ant-api03-test")
			.header("anthropic-version", "2023-06-01")
			.bodyValue(Map.of("model", MODEL, "max_tokens", 1024, "stream", true, "messages",
					List.of(Map.of("role", "user", "content", "How do I cross the street?"))))
			.retrieve()
			.bodyToFlux(String.class)
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(events).isNotEmpty();
		LlmCall call = this.captured.only();
		assertMetersAgree(call);
		assertThat(call.origin().source()).isEqualTo(CallSource.HTTP);
		assertThat(call.origin().provider()).isEqualTo("anthropic");
		assertThat(call.request().streamed()).isTrue();
		assertThat(call.tokens().promptTokens()).isEqualTo(43);
		assertThat(call.tokens().completionTokens()).isEqualTo(282);
		assertThat(call.response().responseText()).startsWith("Here are");
	}

	@Test
	void countTokensIsNotRecorded() {
		server.enqueue(
				new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"input_tokens\": 14}"));

		String body = this.restClientBuilder.build()
			.post()
			.uri(server.url("/v1/messages/count_tokens").uri())
			.header("anthropic-version", "2023-06-01")
			.body(Map.of("model", MODEL, "messages", List.of(Map.of("role", "user", "content", "Hi"))))
			.retrieve()
			.body(String.class);

		assertThat(body).contains("14");
		assertThat(this.captured.calls).isEmpty();
	}

	private ChatClient chatClient() {
		AnthropicChatModel model = AnthropicChatModel.builder()
			.options(AnthropicChatOptions.builder()
				.baseUrl(baseUrl())
				.apiKey("sk-ant-api03-test")
				.model(MODEL)
				.maxTokens(1024)
				.maxRetries(0)
				.build())
			.httpClientBuilderCustomizers(this.anthropicCustomizers.orderedStream().toList())
			.build();
		return ChatClient.builder(model).defaultAdvisors(this.advisor, this.roundAdvisor).build();
	}

	private AnthropicClient sdk() {
		return AnthropicSetup.setupSyncClient(baseUrl(), "sk-ant-api03-test", Duration.ofSeconds(10), 0, null, null,
				ObservationRegistry.NOOP, null, null, this.anthropicCustomizers.orderedStream().toList());
	}

	private static MessageCreateParams params() {
		return MessageCreateParams.builder().model(MODEL).maxTokens(1024).addUserMessage("Hi").build();
	}

	private static String baseUrl() {
		return "http://localhost:" + server.getPort();
	}

	private void assertMetersAgree(LlmCall call) {
		assertThat(total("llm.requests") - this.requestsBefore).isEqualTo(1.0);
		assertThat(tokens("input") - this.inputBefore).isEqualTo(call.tokens().promptTokens().doubleValue());
		assertThat(tokens("output") - this.outputBefore).isEqualTo(call.tokens().completionTokens().doubleValue());
		assertThat(total("llm.cost") - this.costBefore).isCloseTo(call.costUsd().doubleValue(), within(1e-12));
	}

	private double total(String meter) {
		return this.meterRegistry.find(meter).counters().stream().mapToDouble(Counter::count).sum();
	}

	private double tokens(String type) {
		return this.meterRegistry.find("llm.tokens")
			.tag("type", type)
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	private static MockResponse answer(String fixture) {
		return new MockResponse().setHeader("Content-Type", "application/json")
			.setHeader("request-id", "req_anthropic_1")
			.setHeader("anthropic-ratelimit-input-tokens-remaining", "399000")
			.setBody(Fixtures.read(fixture));
	}

	private static MockResponse stream(String fixture) {
		return new MockResponse().setHeader("Content-Type", "text/event-stream; charset=utf-8")
			.setHeader("request-id", "req_anthropic_2")
			.setBody(Fixtures.read(fixture));
	}

}
