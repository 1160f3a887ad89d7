package io.llmmonitor.http;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.llmmonitor.CapturedCalls;
import io.llmmonitor.Fixtures;
import io.llmmonitor.LoopbackOpenAi;
import io.llmmonitor.TestApplication;
import io.llmmonitor.capture.LlmCallCorrelation;
import io.llmmonitor.record.CallOperation;
import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.CallStatus;
import io.llmmonitor.record.LlmCall;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.function.FunctionToolCallback;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Every HTTP-level capture path with its real client — the OpenAI SDK's OkHttp client
 * under Spring AI's models, a {@code RestClient} and a {@code WebClient} from Boot's
 * builders — against loopback servers serving recorded payloads. Each call must yield
 * exactly one record, and the meters must agree with the records.
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "spring.ai.openai.api-key=sk-test-0123456789abcdefghij", "spring.ai.openai.max-retries=0",
				"spring.ai.openai.chat.options.model=gpt-4o", "llm.monitor.store.flush-interval=20ms" })
@Import(CapturedCalls.class)
class HttpCaptureIntegrationTests {

	static final MockWebServer server = LoopbackOpenAi.start();

	private static final Map<String, Object> CHAT_REQUEST = Map.of("model", "gpt-4o-mini", "messages",
			List.of(Map.of("role", "user", "content", "What is the capital of France?")));

	private static final Map<String, Object> STREAM_REQUEST = Map.of("model", "gpt-4o-mini", "stream", true, "messages",
			List.of(Map.of("role", "user", "content", "What is the weather in New York?")));

	@Autowired
	ChatModel chatModel;

	@Autowired
	EmbeddingModel embeddingModel;

	@Autowired
	ChatClient.Builder chatClientBuilder;

	@Autowired
	RestClient.Builder restClientBuilder;

	@Autowired
	WebClient.Builder webClientBuilder;

	@Autowired
	ObjectProvider<OpenAiHttpClientBuilderCustomizer> openAiCustomizers;

	@Autowired
	MeterRegistry meterRegistry;

	@Autowired
	CapturedCalls captured;

	private double requestsBefore;

	private double tokensBefore;

	@DynamicPropertySource
	static void openAi(DynamicPropertyRegistry registry) {
		LoopbackOpenAi.baseUrl(registry, server);
	}

	@AfterAll
	static void stopServer() {
		LoopbackOpenAi.stop(server);
	}

	@BeforeEach
	void setUp() throws InterruptedException {
		LoopbackOpenAi.forgetRequests(server);
		this.captured.calls.clear();
		this.requestsBefore = total("llm.requests");
		this.tokensBefore = total("llm.tokens");
	}

	@Test
	void directChatModelCallGivesOneHttpRecord() throws InterruptedException {
		server.enqueue(Fixtures.json("openai-chat-cached-tokens.json")
			.addHeader("x-ratelimit-remaining-requests", "9999")
			.addHeader("x-ratelimit-reset-tokens", "6ms"));

		this.chatModel.call(new Prompt("Summarise the attached document."));

		LlmCall call = onlyCall();
		assertThat(call.origin().source()).isEqualTo(CallSource.HTTP);
		assertThat(call.request().operation()).isEqualTo(CallOperation.CHAT);
		assertThat(call.request().requestedModel()).isEqualTo("gpt-4o");
		assertThat(call.response().model()).isEqualTo("gpt-4o-2024-08-06");
		assertThat(call.tokens().promptTokens()).isEqualTo(1220);
		assertThat(call.tokens().cachedTokens()).isEqualTo(1152);
		assertThat(call.tokens().completionTokens()).isEqualTo(100);
		assertThat(call.response().finishReason()).isEqualTo("length");
		assertThat(call.outcome().httpStatus()).isEqualTo(200);
		assertThat(call.costUsd()).isNotNull();
		assertThat(call.context().attributes()).containsEntry("x-ratelimit-remaining-requests", "9999")
			.containsEntry("x-ratelimit-reset-tokens", "6ms")
			.containsKey("x-request-id");
		assertThat(call.request().messages()).extracting("role", "content")
			.containsExactly(org.assertj.core.groups.Tuple.tuple("user", "Summarise the attached document."));
		assertThat(server.takeRequest().getHeader(LlmCallCorrelation.HEADER)).isNull();
		assertMetersAgree(call);
	}

	@Test
	void directChatModelStreamGivesOneHttpRecordWithTimeToFirstToken() {
		server.enqueue(Fixtures.sse("openai-chat-stream-plain.sse"));

		List<ChatResponse> chunks = this.chatModel.stream(new Prompt("Weather in New York?")).collectList().block();

		assertThat(chunks).isNotEmpty();
		LlmCall call = onlyCall();
		assertThat(call.origin().source()).isEqualTo(CallSource.HTTP);
		assertThat(call.request().streamed()).isTrue();
		assertThat(call.tokens().promptTokens()).isEqualTo(14);
		assertThat(call.tokens().completionTokens()).isEqualTo(30);
		assertThat(call.tokens().tokensEstimated()).isFalse();
		assertThat(call.timing().timeToFirstTokenMs()).isNotNull();
		assertThat(call.response().responseText()).startsWith("I'm unable to provide real-time weather updates.");
		assertMetersAgree(call);
	}

	@Test
	void embeddingCallGivesOneRecord() {
		server.enqueue(Fixtures.json("openai-embeddings.json"));

		this.embeddingModel.embed(List.of("sunny day at the beach", "rainy day in the city"));

		LlmCall call = onlyCall();
		assertThat(call.request().operation()).isEqualTo(CallOperation.EMBEDDING);
		assertThat(call.response().model()).isEqualTo("text-embedding-3-small");
		assertThat(call.tokens().promptTokens()).isEqualTo(12);
		assertThat(call.tokens().totalTokens()).isEqualTo(12);
		assertThat(call.request().messages()).singleElement()
			.satisfies((message) -> assertThat(message.content()).contains("sunny day at the beach"));
		assertMetersAgree(call);
	}

	@Test
	void chatClientCallGivesOneAdvisorRecordEnrichedByTheHttpLayer() throws InterruptedException {
		server.enqueue(Fixtures.json("openai-chat-plain.json").addHeader("x-ratelimit-remaining-tokens", "149984"));

		String answer = this.chatClientBuilder.build().prompt().user("Capital of France?").call().content();

		assertThat(answer).isEqualTo("The capital of France is Paris.");
		LlmCall call = onlyCall();
		assertThat(call.origin().source()).isEqualTo(CallSource.ADVISOR);
		assertThat(call.outcome().httpStatus()).isEqualTo(200);
		assertThat(call.context().attributes()).containsEntry("x-ratelimit-remaining-tokens", "149984")
			.containsKey("x-request-id");
		RecordedRequest request = server.takeRequest();
		assertThat(request.getHeader(LlmCallCorrelation.HEADER)).as("correlation header is never sent").isNull();
		assertMetersAgree(call);
	}

	@Test
	void llmMonitorAdvisorsAddNoAdvisorObservationsOfTheirOwn() {
		server.enqueue(Fixtures.json("openai-chat-plain.json"));

		this.chatClientBuilder.build().prompt().user("Capital of France?").call().content();

		assertThat(this.meterRegistry.find("spring.ai.advisor").timers()).isNotEmpty()
			.allSatisfy((timer) -> assertThat(timer.getId().getTag("spring.ai.advisor.name"))
				.doesNotStartWith("LlmMonitor"));
	}

	@Test
	void chatClientStreamGivesOneAdvisorRecord() {
		server.enqueue(Fixtures.sse("openai-chat-stream-plain.sse").addHeader("x-request-id", "req_stream"));

		List<String> parts = this.chatClientBuilder.build()
			.prompt()
			.user("Weather?")
			.stream()
			.content()
			.collectList()
			.block();

		assertThat(parts).isNotEmpty();
		LlmCall call = onlyCall();
		assertThat(call.origin().source()).isEqualTo(CallSource.ADVISOR);
		assertThat(call.request().streamed()).isTrue();
		assertThat(call.tokens().totalTokens()).isEqualTo(44);
		assertThat(call.context().attributes()).containsEntry("x-request-id", "req_stream");
		assertMetersAgree(call);
	}

	@Test
	void toolCallingWithThreeModelRequestsGivesOneRecordWithCumulativeUsage() {
		server.enqueue(Fixtures.json("openai-chat-tool-calls.json"));
		server.enqueue(Fixtures.json("openai-chat-tool-calls.json"));
		server.enqueue(Fixtures.json("openai-chat-plain.json"));
		ToolCallback weather = FunctionToolCallback
			.builder("GetWeatherArgs", (City city) -> "12 degrees in " + city.city())
			.description("Weather in a city")
			.inputType(City.class)
			.build();
		ToolCallback stock = FunctionToolCallback
			.builder("get_stock_price", (Ticker ticker) -> "180.50 USD for " + ticker.ticker())
			.description("Price of a stock")
			.inputType(Ticker.class)
			.build();

		this.chatClientBuilder.build()
			.prompt()
			.user("Weather in Edinburgh and the price of AAPL?")
			.toolCallbacks(weather, stock)
			.call()
			.content();

		LlmCall call = onlyCall();
		assertThat(call.response().modelRequests()).isEqualTo(3);
		assertThat(call.tokens().promptTokens()).isEqualTo(149 + 149 + 14);
		assertThat(call.tokens().completionTokens()).isEqualTo(60 + 60 + 7);
		assertThat(call.outcome().httpStatus()).isEqualTo(200);
		assertMetersAgree(call);
	}

	@Test
	void restClientCallGivesOneRecord() {
		server.enqueue(Fixtures.json("groq-chat-tool-calls.json"));

		String body = restClient().post().body(CHAT_REQUEST).retrieve().body(String.class);

		assertThat(body).isEqualTo(Fixtures.read("groq-chat-tool-calls.json"));
		LlmCall call = onlyCall();
		assertThat(call.origin().source()).isEqualTo(CallSource.HTTP);
		assertThat(call.request().requestedModel()).isEqualTo("gpt-4o-mini");
		assertThat(call.response().model()).isEqualTo("llama-3.3-70b-versatile");
		assertThat(call.origin().provider()).isEqualTo("groq");
		assertThat(call.origin().baseUrl()).isEqualTo("http://localhost:" + server.getPort() + "/v1");
		assertThat(call.origin().environment()).isEqualTo("default");
		assertThat(call.response().toolCalls()).extracting("name").containsExactly("weather");
		assertMetersAgree(call);
	}

	@Test
	void restClientStreamGivesOneRecord() {
		server.enqueue(Fixtures.sse("openai-chat-stream-tool-call.sse"));

		byte[] received = restClient().post()
			.body(STREAM_REQUEST)
			.exchange((request, response) -> response.getBody().readAllBytes());

		assertThat(new String(received, StandardCharsets.UTF_8))
			.isEqualTo(Fixtures.read("openai-chat-stream-tool-call.sse"));
		LlmCall call = onlyCall();
		assertThat(call.request().streamed()).isTrue();
		assertThat(call.response().finishReason()).isEqualTo("tool_calls");
		assertThat(call.response().toolCalls()).extracting("name").containsExactly("get_weather");
		assertThat(call.tokens().totalTokens()).isEqualTo(60);
		assertMetersAgree(call);
	}

	@Test
	void callerStoppingEarlyStillGivesOneRecord() throws Exception {
		String stream = Fixtures.read("openai-chat-stream-plain.sse");
		int firstEvent = stream.indexOf("\n\n") + 2;
		try (HoldingSseServer upstream = new HoldingSseServer(stream.substring(0, firstEvent),
				stream.substring(firstEvent))) {
			restClient().post()
				.uri(upstream.url("/v1/chat/completions"))
				.body(STREAM_REQUEST)
				.exchange((request, response) -> {
					byte[] read = response.getBody().readNBytes(firstEvent);
					// the client drains what is left when it closes the body: let it end
					upstream.release();
					return read;
				});
			LlmCall call = onlyCall();
			assertThat(call.request().streamed()).isTrue();
			assertThat(call.outcome().status()).isEqualTo(CallStatus.SUCCESS);
			assertThat(call.response().finishReason()).isEqualTo("cancelled");
			assertThat(call.response().model()).isEqualTo("gpt-4o-2024-08-06");
		}
		this.captured.calls.clear();

		try (HoldingSseServer upstream = new HoldingSseServer(stream.substring(0, firstEvent),
				stream.substring(firstEvent))) {
			String first = this.webClientBuilder.build()
				.post()
				.uri(upstream.url("/v1/chat/completions"))
				.bodyValue(STREAM_REQUEST)
				.retrieve()
				.bodyToFlux(String.class)
				.blockFirst(Duration.ofSeconds(10));
			assertThat(first).contains("chatcmpl-");
			assertThat(onlyCall().response().finishReason()).isEqualTo("cancelled");
		}
	}

	@Test
	void streamWithoutUsageGetsEstimatedTokens() {
		server.enqueue(Fixtures.sse("openai-chat-stream-no-usage.sse"));

		restClient().post().body(STREAM_REQUEST).exchange((request, response) -> response.getBody().readAllBytes());

		LlmCall call = onlyCall();
		assertThat(call.tokens().tokensEstimated()).isTrue();
		assertThat(call.tokens().promptTokens()).isPositive();
		assertThat(call.tokens().completionTokens()).isPositive();
		assertThat(call.tokens().totalTokens())
			.isEqualTo(call.tokens().promptTokens() + call.tokens().completionTokens());
		assertMetersAgree(call);
	}

	@Test
	void webClientCallGivesOneRecord() {
		server.enqueue(Fixtures.json("openai-responses-plain.json"));

		String body = this.webClientBuilder.build()
			.post()
			.uri(server.url("/v1/responses").uri())
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("model", "gpt-4.1", "input", "Where was the 2020 World Series played?"))
			.retrieve()
			.bodyToMono(String.class)
			.block();

		assertThat(body).isEqualTo(Fixtures.read("openai-responses-plain.json"));
		LlmCall call = onlyCall();
		assertThat(call.request().operation()).isEqualTo(CallOperation.RESPONSES);
		assertThat(call.request().requestedModel()).isEqualTo("gpt-4.1");
		assertThat(call.response().model()).isEqualTo("gpt-4.1-2025-04-14");
		assertThat(call.tokens().totalTokens()).isEqualTo(93);
		assertThat(call.request().messages()).extracting("content")
			.containsExactly("Where was the 2020 World Series played?");
		assertMetersAgree(call);
	}

	@Test
	void webClientStreamGivesOneRecord() {
		server.enqueue(Fixtures.sse("openai-responses-stream.sse"));

		List<String> events = this.webClientBuilder.build()
			.post()
			.uri(server.url("/v1/responses").uri())
			.bodyValue(Map.of("model", "gpt-4.1", "input", "Hi", "stream", true))
			.retrieve()
			.bodyToFlux(String.class)
			.collectList()
			.block();

		assertThat(events).isNotEmpty();
		LlmCall call = onlyCall();
		assertThat(call.request().streamed()).isTrue();
		assertThat(call.response().responseText()).isEqualTo("Hello! 🌍 How can I assist you today?");
		assertThat(call.tokens().totalTokens()).isEqualTo(21);
		assertMetersAgree(call);
	}

	@Test
	void otherRequestsPassUntouchedAndAreNotRecorded() throws InterruptedException {
		server.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"data\":[]}"));

		String models = this.restClientBuilder.build()
			.get()
			.uri(server.url("/v1/models").uri())
			.retrieve()
			.body(String.class);

		assertThat(models).isEqualTo("{\"data\":[]}");
		assertThat(server.takeRequest().getPath()).isEqualTo("/v1/models");
		assertThat(this.captured.calls).isEmpty();
	}

	@Test
	void streamChunksReachTheCallerWhileTheUpstreamStillHoldsTheRest() throws Exception {
		String stream = Fixtures.read("openai-chat-stream-plain.sse");
		int firstEvent = stream.indexOf("\n\n") + 2;
		String first = stream.substring(0, firstEvent);
		String rest = stream.substring(firstEvent);

		try (HoldingSseServer upstream = new HoldingSseServer(first, rest)) {
			String restBody = restClient().post()
				.uri(upstream.url("/v1/chat/completions"))
				.body(STREAM_REQUEST)
				.exchange((request, response) -> {
					InputStream body = response.getBody();
					byte[] start = body.readNBytes(first.length());
					assertThat(new String(start, StandardCharsets.UTF_8)).isEqualTo(first);
					assertThat(upstream.holding()).isTrue();
					upstream.release();
					return new String(body.readAllBytes(), StandardCharsets.UTF_8);
				});
			assertThat(restBody).isEqualTo(rest);
		}
		assertThat(onlyCall().tokens().totalTokens()).isEqualTo(44);
		this.captured.calls.clear();
		this.requestsBefore = total("llm.requests");
		this.tokensBefore = total("llm.tokens");

		try (HoldingSseServer upstream = new HoldingSseServer(first, rest)) {
			BlockingQueue<String> received = new LinkedBlockingQueue<>();
			Flux<String> events = this.webClientBuilder.build()
				.post()
				.uri(upstream.url("/v1/chat/completions"))
				.bodyValue(STREAM_REQUEST)
				.retrieve()
				.bodyToFlux(String.class);
			var done = events.doOnNext(received::add).then().toFuture();
			assertThat(received.poll(10, TimeUnit.SECONDS)).contains("chatcmpl-");
			assertThat(upstream.holding()).isTrue();
			upstream.release();
			done.get(10, TimeUnit.SECONDS);
		}
		assertThat(onlyCall().tokens().totalTokens()).isEqualTo(44);
		this.captured.calls.clear();
		this.requestsBefore = total("llm.requests");
		this.tokensBefore = total("llm.tokens");

		try (HoldingSseServer upstream = new HoldingSseServer(first, rest)) {
			OpenAiChatModel model = OpenAiChatModel.builder()
				.options(OpenAiChatOptions.builder()
					.baseUrl(upstream.url("/v1"))
					.apiKey("sk-test")
					.model("gpt-4o")
					.maxRetries(0)
					.build())
				.httpClientBuilderCustomizers(this.openAiCustomizers.orderedStream().toList())
				.build();
			BlockingQueue<ChatResponse> received = new LinkedBlockingQueue<>();
			var done = model.stream(new Prompt("Weather?")).doOnNext(received::add).then().toFuture();
			assertThat(received.poll(10, TimeUnit.SECONDS)).isNotNull();
			assertThat(upstream.holding()).isTrue();
			upstream.release();
			done.get(10, TimeUnit.SECONDS);
		}
		assertThat(onlyCall().tokens().totalTokens()).isEqualTo(44);
	}

	@Test
	void malformedJsonReachesTheCallerUnchangedAndGivesAnErrorRecord() {
		String malformed = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,";
		MockResponse response = new MockResponse().setHeader("Content-Type", "application/json").setBody(malformed);

		Throwable plain = sameOutcomeWithAndWithoutMonitoring(response, Map.class);

		assertThat(plain).isNotNull();
		LlmCall call = onlyCall();
		assertThat(call.outcome().status()).isEqualTo(CallStatus.ERROR);
		assertThat(call.outcome().httpStatus()).isEqualTo(200);
		assertThat(call.outcome().errorType()).isEqualTo("invalid_response");
		assertThat(call.outcome().errorMessage()).startsWith("the response body is not valid JSON");
		assertMetersAgree(call);
	}

	@Test
	void htmlErrorPageReachesTheCallerUnchangedAndGivesAnErrorRecord() {
		String page = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1>"
				+ "</center><hr><center>nginx</center></body></html>";
		MockResponse response = new MockResponse().setResponseCode(502)
			.setHeader("Content-Type", "text/html")
			.setBody(page);

		Throwable plain = sameOutcomeWithAndWithoutMonitoring(response, String.class);

		assertThat(plain).hasMessageContaining("502");
		LlmCall call = onlyCall();
		assertThat(call.outcome().status()).isEqualTo(CallStatus.ERROR);
		assertThat(call.outcome().httpStatus()).isEqualTo(502);
		assertThat(call.outcome().errorType()).isEqualTo("http_502");
		assertThat(call.outcome().errorMessage()).isEqualTo("502 Bad Gateway");
		assertMetersAgree(call);
	}

	@Test
	void openAiSdkSeesTheSameMalformedResponseAndTheCallIsRecordedOnce() {
		MockResponse response = new MockResponse().setHeader("Content-Type", "application/json").setBody("{\"id\": ");
		server.enqueue(response.clone());
		server.enqueue(response.clone());
		OpenAiChatModel unmonitored = OpenAiChatModel.builder()
			.options(OpenAiChatOptions.builder()
				.baseUrl(server.url("/v1").toString())
				.apiKey("sk-test")
				.model("gpt-4o")
				.maxRetries(0)
				.build())
			.build();

		Throwable expected = catchThrowable(() -> unmonitored.call(new Prompt("Hi")));
		Throwable monitored = catchThrowable(() -> this.chatModel.call(new Prompt("Hi")));

		assertThat(monitored).isNotNull().hasSameClassAs(expected).hasMessage(expected.getMessage());
		LlmCall call = onlyCall();
		assertThat(call.outcome().status()).isEqualTo(CallStatus.ERROR);
		assertThat(call.outcome().errorType()).isEqualTo("invalid_response");
	}

	@Test
	void streamEndingInsideAnEventReachesTheCallerUnchangedAndGivesAnErrorRecord() {
		String stream = Fixtures.read("openai-chat-stream-plain.sse");
		String cut = stream.substring(0, stream.indexOf("\n\n", 2000) + 40);
		MockResponse response = new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(cut);
		server.enqueue(response.clone());
		server.enqueue(response.clone());

		byte[] plain = RestClient.create()
			.post()
			.uri(server.url("/v1/chat/completions").uri())
			.body(STREAM_REQUEST)
			.exchange((request, r) -> r.getBody().readAllBytes());
		byte[] monitored = restClient().post()
			.body(STREAM_REQUEST)
			.exchange((request, r) -> r.getBody().readAllBytes());

		assertThat(monitored).isEqualTo(plain).isEqualTo(cut.getBytes(StandardCharsets.UTF_8));
		LlmCall call = onlyCall();
		assertThat(call.outcome().status()).isEqualTo(CallStatus.ERROR);
		assertThat(call.outcome().errorType()).isEqualTo("invalid_response");
		assertThat(call.outcome().errorMessage()).isEqualTo("the stream ended inside an event");
		assertThat(call.response().responseText()).startsWith("I'm unable");
		assertMetersAgree(call);
	}

	@Test
	void streamBrokenByTheServerGivesTheSameFailureAndAnErrorRecord() {
		MockResponse response = Fixtures.sse("openai-chat-stream-plain.sse")
			.setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
		server.enqueue(response.clone());
		server.enqueue(response.clone());

		Throwable plain = catchThrowable(() -> RestClient.create()
			.post()
			.uri(server.url("/v1/chat/completions").uri())
			.body(STREAM_REQUEST)
			.exchange((request, r) -> r.getBody().readAllBytes()));
		Throwable monitored = catchThrowable(
				() -> restClient().post().body(STREAM_REQUEST).exchange((request, r) -> r.getBody().readAllBytes()));

		assertThat(monitored).isNotNull().hasSameClassAs(plain);
		LlmCall call = onlyCall();
		assertThat(call.outcome().status()).isEqualTo(CallStatus.ERROR);
		assertThat(call.request().streamed()).isTrue();
		assertThat(call.outcome().errorMessage()).startsWith("the response broke off");
		assertThat(call.outcome().errorType()).isEqualTo("stream_cut");
		assertMetersAgree(call);
	}

	@Test
	void tenMegabyteResponseReachesTheCallerWholeAndKeepsItsUsage() {
		String content = "x".repeat(10 * 1024 * 1024);
		String body = "{\"id\":\"chatcmpl-big\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini-2024-07-18\","
				+ "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + content
				+ "\"},\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":1310720,"
				+ "\"total_tokens\":1310732,\"prompt_tokens_details\":{\"cached_tokens\":0}}}";
		server.enqueue(new MockResponse().setHeader("Content-Type", "application/json").setBody(body));

		String received = restClient().post().body(CHAT_REQUEST).retrieve().body(String.class);

		assertThat(received).isEqualTo(body);
		LlmCall call = onlyCall();
		assertThat(call.outcome().status()).isEqualTo(CallStatus.SUCCESS);
		assertThat(call.response().model()).isEqualTo("gpt-4o-mini-2024-07-18");
		assertThat(call.tokens().completionTokens()).isEqualTo(1310720);
		assertThat(call.tokens().totalTokens()).isEqualTo(1310732);
		// past llm.monitor.capture.http.max-body-size only the body's end is kept: usage
		// and model survive, the cut-off message does not
		assertThat(call.contentTruncated()).isTrue();
		assertThat(call.response().responseText()).isNull();
		assertMetersAgree(call);
	}

	private Throwable sameOutcomeWithAndWithoutMonitoring(MockResponse response, Class<?> type) {
		server.enqueue(response.clone());
		server.enqueue(response.clone());
		Throwable plain = catchThrowable(() -> RestClient.create()
			.post()
			.uri(server.url("/v1/chat/completions").uri())
			.body(CHAT_REQUEST)
			.retrieve()
			.body(type));
		Throwable monitored = catchThrowable(() -> restClient().post().body(CHAT_REQUEST).retrieve().body(type));
		assertThat(monitored).isNotNull().hasSameClassAs(plain).hasMessage(plain.getMessage());
		return plain;
	}

	private RestClient restClient() {
		return this.restClientBuilder.baseUrl(server.url("/v1/chat/completions").toString()).build();
	}

	/**
	 * The one record of the call a test made, and no other.
	 */
	private LlmCall onlyCall() {
		return this.captured.only();
	}

	private void assertMetersAgree(LlmCall call) {
		assertThat(total("llm.requests") - this.requestsBefore).isEqualTo(1.0);
		long tokens = ((call.tokens().promptTokens() != null) ? call.tokens().promptTokens() : 0)
				+ ((call.tokens().completionTokens() != null) ? call.tokens().completionTokens() : 0);
		double counted = total("llm.tokens") - this.tokensBefore;
		double cachedAndReasoning = ((call.tokens().cachedTokens() != null) ? call.tokens().cachedTokens() : 0)
				+ ((call.tokens().reasoningTokens() != null) ? call.tokens().reasoningTokens() : 0);
		assertThat(counted).isEqualTo(tokens + cachedAndReasoning);
	}

	private double total(String meter) {
		return this.meterRegistry.find(meter).counters().stream().mapToDouble(Counter::count).sum();
	}

	record City(String city) {
	}

	record Ticker(String ticker) {
	}

}
