package io.llmmonitor.springai;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.llmmonitor.Fixtures;
import io.llmmonitor.LoopbackOpenAi;
import io.llmmonitor.TestApplication;
import io.llmmonitor.context.LlmMonitor;
import io.llmmonitor.record.CallOperation;
import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.CallStatus;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallContext;
import io.llmmonitor.record.LlmCallFilter;
import io.llmmonitor.record.LlmCallRepository;
import io.llmmonitor.record.LlmMessage;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.test.simple.SimpleTracer;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.util.context.Context;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.function.FunctionToolCallback;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The real Spring AI OpenAI client, through an auto-configured {@link ChatClient},
 * against a loopback server that serves recorded OpenAI payloads.
 */
@SpringBootTest(classes = TestApplication.class,
		properties = { "spring.ai.openai.api-key=sk-test-0123456789abcdefghij", "spring.ai.openai.max-retries=0",
				"spring.ai.openai.chat.options.model=gpt-4o", "llm.monitor.store.flush-interval=20ms",
				"llm.monitor.metrics.tag-attributes=tenant" })
@Import(ChatClientCaptureIntegrationTests.TracingConfiguration.class)
class ChatClientCaptureIntegrationTests {

	static final MockWebServer server = LoopbackOpenAi.start();

	@Autowired
	ChatClient.Builder chatClientBuilder;

	@Autowired
	ChatModel chatModel;

	@Autowired
	LlmCallRepository repository;

	@Autowired
	MeterRegistry meterRegistry;

	@Autowired
	Tracer tracer;

	ChatClient chatClient;

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
		this.chatClient = this.chatClientBuilder.build();
		LoopbackOpenAi.forgetRequests(server);
	}

	@Test
	void callGivesOneRecordWithTokensCostModelAndFinishReason() {
		server.enqueue(Fixtures.json("openai-chat-plain.json"));
		String threadId = uniqueThread();

		String answer = this.chatClient.prompt()
			.advisors(LlmMonitorParams.threadId(threadId))
			.user("What is the capital of France?")
			.call()
			.content();

		assertThat(answer).isEqualTo("The capital of France is Paris.");
		LlmCall call = onlyCallOf(threadId);
		assertThat(call.origin().source()).isEqualTo(CallSource.ADVISOR);
		assertThat(call.origin().provider()).isEqualTo("openai-compatible");
		assertThat(call.origin().baseUrl()).isEqualTo("http://localhost:" + server.getPort() + "/v1");
		assertThat(call.request().operation()).isEqualTo(CallOperation.CHAT);
		assertThat(call.request().requestedModel()).isEqualTo("gpt-4o");
		assertThat(call.response().model()).isEqualTo("gpt-4o-2024-08-06");
		assertThat(call.response().responseId()).isEqualTo("chatcmpl-Bu8vBIrB8kIWKRyTcpEEPncjhHtMU");
		assertThat(call.tokens().promptTokens()).isEqualTo(14);
		assertThat(call.tokens().completionTokens()).isEqualTo(7);
		assertThat(call.tokens().totalTokens()).isEqualTo(21);
		assertThat(call.tokens().cachedTokens()).isZero();
		assertThat(call.tokens().reasoningTokens()).isZero();
		// gpt-4o: 2.5 USD in, 10 USD out per 1M tokens
		assertThat(call.costUsd()).isEqualByComparingTo("0.000105");
		assertThat(call.response().finishReason()).isEqualTo("stop");
		assertThat(call.outcome().status()).isEqualTo(CallStatus.SUCCESS);
		assertThat(call.request().streamed()).isFalse();
		assertThat(call.response().modelRequests()).isEqualTo(1);
		assertThat(call.timing().timeToFirstTokenMs()).isNull();
		LlmCall whole = this.repository.findById(call.id()).orElseThrow();
		assertThat(whole.request().messages()).extracting("role", "content")
			.containsExactly(org.assertj.core.groups.Tuple.tuple("user", "What is the capital of France?"));
		assertThat(whole.response().responseText()).isEqualTo("The capital of France is Paris.");
	}

	@Test
	void cachedTokensArePricedAtTheCachedRate() {
		server.enqueue(Fixtures.json("openai-chat-cached-tokens.json"));
		String threadId = uniqueThread();

		this.chatClient.prompt().advisors(LlmMonitorParams.threadId(threadId)).user("Long prompt").call().content();

		LlmCall call = onlyCallOf(threadId);
		assertThat(call.tokens().promptTokens()).isEqualTo(1220);
		assertThat(call.tokens().cachedTokens()).isEqualTo(1152);
		assertThat(call.tokens().completionTokens()).isEqualTo(100);
		assertThat(call.response().finishReason()).isEqualTo("length");
		// (1220 - 1152) * 2.5 + 1152 * 1.25 + 100 * 10, per 1M tokens
		assertThat(call.costUsd()).isEqualByComparingTo("0.00261");
	}

	@Test
	void reasoningTokensAreRecordedAndPricedOnce() {
		server.enqueue(Fixtures.json("openai-chat-reasoning-tokens.json"));
		String threadId = uniqueThread();

		this.chatClient.prompt().advisors(LlmMonitorParams.threadId(threadId)).user("Think").call().content();

		LlmCall call = onlyCallOf(threadId);
		assertThat(call.response().model()).isEqualTo("o3-mini-2025-01-31");
		assertThat(call.tokens().completionTokens()).isEqualTo(238);
		assertThat(call.tokens().reasoningTokens()).isEqualTo(192);
		// o3-mini: 1.1 in, 4.4 out; reasoning tokens are output tokens, priced once
		assertThat(call.costUsd()).isEqualByComparingTo(new BigDecimal("13").multiply(new BigDecimal("1.1"))
			.add(new BigDecimal("238").multiply(new BigDecimal("4.4")))
			.movePointLeft(6));
	}

	@Test
	void streamGivesOneRecordWithTokensAndTimeToFirstToken() {
		server.enqueue(Fixtures.sse("openai-chat-stream-plain.sse"));
		String threadId = uniqueThread();

		List<ChatResponse> chunks = this.chatClient.prompt()
			.advisors(LlmMonitorParams.threadId(threadId))
			.user("Tell me something")
			.stream()
			.chatResponse()
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(chunks).hasSizeGreaterThan(2);
		LlmCall call = onlyCallOf(threadId);
		assertThat(call.request().streamed()).isTrue();
		assertThat(call.tokens().promptTokens()).isEqualTo(14);
		assertThat(call.tokens().completionTokens()).isEqualTo(30);
		assertThat(call.tokens().totalTokens()).isEqualTo(44);
		assertThat(call.response().model()).isEqualTo("gpt-4o-2024-08-06");
		assertThat(call.response().finishReason()).isEqualTo("stop");
		assertThat(call.costUsd()).isEqualByComparingTo("0.000335");
		assertThat(call.timing().timeToFirstTokenMs()).isNotNull().isBetween(0L, call.timing().latencyMs());
		LlmCall whole = this.repository.findById(call.id()).orElseThrow();
		assertThat(whole.response().responseText()).startsWith("I'm unable to provide");
	}

	@Test
	void streamTimeToFirstTokenIsMeasuredFromTheRequest() {
		server.enqueue(Fixtures.sse("openai-chat-stream-plain.sse").setHeadersDelay(300, TimeUnit.MILLISECONDS));
		String threadId = uniqueThread();

		this.chatClient.prompt()
			.advisors(LlmMonitorParams.threadId(threadId))
			.user("Tell me something")
			.stream()
			.content()
			.blockLast(Duration.ofSeconds(10));

		LlmCall call = onlyCallOf(threadId);
		assertThat(call.timing().timeToFirstTokenMs()).isGreaterThanOrEqualTo(300L);
	}

	@Test
	void streamCancelledByTheCallerGivesOneRecord() {
		server.enqueue(Fixtures.sse("openai-chat-stream-plain.sse").throttleBody(200, 100, TimeUnit.MILLISECONDS));
		String threadId = uniqueThread();

		List<String> firstTwo = this.chatClient.prompt()
			.advisors(LlmMonitorParams.threadId(threadId))
			.user("Tell me something")
			.stream()
			.content()
			.take(2)
			.collectList()
			.block(Duration.ofSeconds(10));

		assertThat(firstTwo).hasSize(2);
		LlmCall call = onlyCallOf(threadId);
		assertThat(call.request().streamed()).isTrue();
		assertThat(call.outcome().status()).isEqualTo(CallStatus.SUCCESS);
		assertThat(call.response().finishReason()).isEqualTo("cancelled");
		assertThat(call.tokens().promptTokens()).isNull();
		assertThat(this.repository.find(threadFilter(threadId), 10, null).calls()).hasSize(1);
	}

	@Test
	void streamedToolCallIsRecordedWithItsArguments() {
		server.enqueue(Fixtures.sse("openai-chat-stream-tool-call.sse"));
		String threadId = uniqueThread();

		this.chatClient.prompt()
			.advisors(LlmMonitorParams.threadId(threadId))
			.advisors((a) -> a.param("spring.ai.chat.client.tool.calling.advisor.auto-register", false))
			.user("Weather in Edinburgh?")
			.stream()
			.chatResponse()
			.blockLast(Duration.ofSeconds(10));

		LlmCall call = onlyCallOf(threadId);
		assertThat(call.response().finishReason()).isEqualTo("tool_calls");
		assertThat(call.tokens().promptTokens()).isEqualTo(44);
		assertThat(call.tokens().completionTokens()).isEqualTo(16);
		assertThat(call.response().toolCalls()).hasSize(1);
	}

	@Test
	void toolCallingCallGivesOneRecordWithCumulativeUsage() {
		server.enqueue(Fixtures.json("openai-chat-tool-calls.json"));
		server.enqueue(Fixtures.json("openai-chat-plain.json"));
		String threadId = uniqueThread();
		ToolCallback weather = FunctionToolCallback
			.builder("GetWeatherArgs", (WeatherRequest request) -> "12 degrees in " + request.city())
			.description("Weather in a city")
			.inputType(WeatherRequest.class)
			.build();
		ToolCallback stock = FunctionToolCallback
			.builder("get_stock_price", (StockRequest request) -> "180.50 USD for " + request.ticker())
			.description("Price of a stock")
			.inputType(StockRequest.class)
			.build();
		double inputTokensBefore = inputTokens();

		String answer = this.chatClient.prompt()
			.advisors(LlmMonitorParams.threadId(threadId))
			.user("Weather in Edinburgh and the price of AAPL?")
			.toolCallbacks(weather, stock)
			.call()
			.content();

		assertThat(answer).isEqualTo("The capital of France is Paris.");
		LlmCall call = onlyCallOf(threadId);
		assertThat(call.response().modelRequests()).isEqualTo(2);
		assertThat(call.tokens().promptTokens()).isEqualTo(149 + 14);
		assertThat(call.tokens().completionTokens()).isEqualTo(60 + 7);
		assertThat(call.response().toolCalls()).extracting("name").containsExactly("GetWeatherArgs", "get_stock_price");
		assertThat(call.request().requestOptions()).containsEntry("tools",
				List.of("GetWeatherArgs", "get_stock_price"));
		assertThat(call.response().finishReason()).isEqualTo("stop");
		assertThat(inputTokens() - inputTokensBefore).isEqualTo(163.0);
		assertThat(this.repository.findById(call.id()).orElseThrow().request().messages()).extracting(LlmMessage::role)
			.containsExactly("user", "assistant", "tool");
	}

	@Test
	void chatMemoryConversationIsTheThreadAndItsHistoryIsInTheMessages() {
		server.enqueue(Fixtures.json("openai-chat-plain.json"));
		server.enqueue(Fixtures.json("openai-chat-plain.json"));
		String conversation = uniqueThread();
		ChatClient withMemory = this.chatClientBuilder.build()
			.mutate()
			.defaultAdvisors(MessageChatMemoryAdvisor.builder(MessageWindowChatMemory.builder().build()).build())
			.build();

		withMemory.prompt()
			.advisors((a) -> a.param(ChatMemory.CONVERSATION_ID, conversation))
			.user("What is the capital of France?")
			.call()
			.content();
		withMemory.prompt()
			.advisors((a) -> a.param(ChatMemory.CONVERSATION_ID, conversation))
			.user("And of Spain?")
			.call()
			.content();

		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.repository.find(threadFilter(conversation), 10, null).calls().size() == 2);
		LlmCall second = this.repository
			.findById(this.repository.find(threadFilter(conversation), 10, null).calls().get(0).id())
			.orElseThrow();
		assertThat(second.request().messages()).extracting(LlmMessage::content)
			.containsExactly("What is the capital of France?", "The capital of France is Paris.", "And of Spain?");
	}

	private double inputTokens() {
		return this.meterRegistry.find("llm.tokens")
			.tag("type", "input")
			.counters()
			.stream()
			.mapToDouble(io.micrometer.core.instrument.Counter::count)
			.sum();
	}

	@Test
	void advisorParamsAndScopedMetadataLandOnTheRecord() {
		server.enqueue(Fixtures.json("openai-chat-plain.json"));
		String threadId = uniqueThread();

		try (LlmMonitor.Scope scope = LlmMonitor.with()
			.project("billing")
			.userId("u-1")
			.tag("scoped")
			.attribute("tenant", "acme")
			.attribute("feature", "faq")
			.open()) {
			this.chatClient.prompt()
				.advisors(LlmMonitorParams.threadId(threadId).withAttribute("feature", "search").withTag("param"))
				.user("Hi")
				.call()
				.content();
		}

		LlmCall call = onlyCallOf(threadId);
		assertThat(call.project()).isEqualTo("billing");
		assertThat(call.context().userId()).isEqualTo("u-1");
		assertThat(call.context().tags()).containsExactlyInAnyOrder("scoped", "param");
		assertThat(call.context().attributes()).containsAllEntriesOf(Map.of("tenant", "acme", "feature", "search"))
			.containsKey("x-request-id");
		assertThat(this.meterRegistry.get("llm.requests")
			.tags("project", "billing", "tenant", "acme", "outcome", "success")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.meterRegistry.find("llm.requests").tagKeys("feature").counters()).isEmpty();
	}

	@Test
	void scopedMetadataReachesCallsOnOtherThreads() throws Exception {
		server.enqueue(Fixtures.json("openai-chat-plain.json"));
		String threadId = uniqueThread();
		ExecutorService executor = ContextExecutorService.wrap(Executors.newSingleThreadExecutor(),
				() -> ContextSnapshotFactory.builder().build().captureAll());
		try (LlmMonitor.Scope scope = LlmMonitor.with().threadId(threadId).attribute("tenant", "globex").open()) {
			executor.submit(() -> this.chatClient.prompt().user("Hi").call().content()).get(10, TimeUnit.SECONDS);
		}
		finally {
			executor.shutdown();
		}

		assertThat(onlyCallOf(threadId).context().attributes()).containsEntry("tenant", "globex");
	}

	@Test
	void scopedMetadataReachesStreamsThroughTheReactorContext() {
		server.enqueue(Fixtures.sse("openai-chat-stream-plain.sse"));
		String threadId = uniqueThread();
		LlmCallContext context = LlmMonitor.with().threadId(threadId).userId("reactive-user").context();

		Flux<String> content = this.chatClient.prompt().user("Hi").stream().content();
		content.contextWrite(Context.of(LlmMonitor.CONTEXT_KEY, context)).blockLast(Duration.ofSeconds(10));

		assertThat(onlyCallOf(threadId).context().userId()).isEqualTo("reactive-user");
	}

	@Test
	void rateLimitGivesAnErrorRecordAndTheSameException() {
		String threadId = uniqueThread();

		Throwable monitored = failSameWayWithAndWithoutMonitoring(
				Fixtures.json(429, "openai-error-401-invalid-api-key.json"), threadId);

		assertThat(monitored.getClass().getName()).isEqualTo("com.openai.errors.RateLimitException");
		LlmCall call = onlyCallOf(threadId);
		assertThat(call.outcome().status()).isEqualTo(CallStatus.ERROR);
		assertThat(call.outcome().httpStatus()).isEqualTo(429);
		// the provider's error type, as every capture point names it
		assertThat(call.outcome().errorType()).isEqualTo("invalid_request_error");
		assertThat(call.outcome().exceptionClass()).isEqualTo("com.openai.errors.RateLimitException");
		assertThat(call.outcome().errorMessage()).contains("Incorrect API key provided");
		assertThat(call.costUsd()).isNull();
		assertThat(this.meterRegistry.get("llm.requests").tags("outcome", "error").counters()).isNotEmpty();
	}

	@Test
	void serverErrorWithHtmlBodyGivesAnErrorRecordAndTheSameException() {
		MockResponse html = new MockResponse().setResponseCode(500)
			.setHeader("Content-Type", "text/html")
			.setBody("<html><body><h1>500 Internal Server Error</h1></body></html>");
		String threadId = uniqueThread();

		Throwable monitored = failSameWayWithAndWithoutMonitoring(html, threadId);

		LlmCall call = onlyCallOf(threadId);
		assertThat(call.outcome().status()).isEqualTo(CallStatus.ERROR);
		assertThat(call.outcome().httpStatus()).isEqualTo(500);
		assertThat(call.outcome().errorType()).isEqualTo("http_500");
		assertThat(call.outcome().exceptionClass()).isEqualTo(monitored.getClass().getName());
	}

	@Test
	void malformedResponseGivesAnErrorRecordAndTheSameException() {
		MockResponse malformed = new MockResponse().setHeader("Content-Type", "application/json")
			.setBody("{\"id\": \"chatcmpl-1\", \"choices\": [ {\"message\": ");
		String threadId = uniqueThread();

		Throwable monitored = failSameWayWithAndWithoutMonitoring(malformed, threadId);

		LlmCall call = onlyCallOf(threadId);
		assertThat(call.outcome().status()).isEqualTo(CallStatus.ERROR);
		assertThat(call.outcome().errorType()).isEqualTo("invalid_response");
		assertThat(call.outcome().exceptionClass()).isEqualTo(monitored.getClass().getName());
		assertThat(call.outcome().errorMessage()).isNotBlank();
	}

	@Test
	void streamFailingMidwayGivesAnErrorRecord() {
		server.enqueue(Fixtures.sse("openai-chat-stream-plain.sse")
			.setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
		String threadId = uniqueThread();

		Throwable thrown = catchThrowable(() -> this.chatClient.prompt()
			.advisors(LlmMonitorParams.threadId(threadId))
			.user("Hi")
			.stream()
			.content()
			.blockLast(Duration.ofSeconds(10)));

		assertThat(thrown).isNotNull();
		LlmCall call = onlyCallOf(threadId);
		assertThat(call.outcome().status()).isEqualTo(CallStatus.ERROR);
		assertThat(call.request().streamed()).isTrue();
		assertThat(call.outcome().errorType()).isEqualTo("stream_cut");
	}

	@Test
	void traceAndSpanIdsOfTheCurrentSpanLandOnTheRecord() {
		server.enqueue(Fixtures.json("openai-chat-plain.json"));
		String threadId = uniqueThread();
		Span span = this.tracer.nextSpan().name("checkout").start();
		try (Tracer.SpanInScope scope = this.tracer.withSpan(span)) {
			this.chatClient.prompt().advisors(LlmMonitorParams.threadId(threadId)).user("Hi").call().content();
		}
		finally {
			span.end();
		}

		LlmCall call = onlyCallOf(threadId);
		assertThat(call.trace().traceId()).isEqualTo(span.context().traceId());
		assertThat(call.trace().spanId()).isNotBlank();
	}

	@Test
	void apiKeyIsNeverStored() throws InterruptedException {
		server.enqueue(Fixtures.json("openai-chat-plain.json"));
		String threadId = uniqueThread();

		this.chatClient.prompt()
			.advisors(LlmMonitorParams.threadId(threadId))
			.user("My key is sk-live-abcdefghijklmnopqrstuvwxyz, and Authorization: Bearer abc.def.ghi-jkl")
			.call()
			.content();

		RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
		assertThat(request.getHeader("Authorization")).isEqualTo("Bearer sk-test-0123456789abcdefghij");
		LlmCall call = this.repository.findById(onlyCallOf(threadId).id()).orElseThrow();
		assertThat(call.request().messages().get(0).content()).doesNotContain("sk-live-abcdefghijklmnopqrstuvwxyz")
			.doesNotContain("abc.def.ghi-jkl")
			.contains("[REDACTED]");
	}

	/**
	 * Serve the same failing response to a ChatClient without llm-monitor and to a
	 * monitored one, and check that both callers see the same exception.
	 */
	private Throwable failSameWayWithAndWithoutMonitoring(MockResponse response, String threadId) {
		server.enqueue(response.clone());
		server.enqueue(response.clone());
		Throwable withoutMonitoring = catchThrowable(
				() -> ChatClient.builder(this.chatModel).build().prompt().user("Hi").call().content());
		Throwable monitored = catchThrowable(() -> this.chatClient.prompt()
			.advisors(LlmMonitorParams.threadId(threadId))
			.user("Hi")
			.call()
			.content());
		assertThat(monitored).isNotNull().hasSameClassAs(withoutMonitoring).hasMessage(withoutMonitoring.getMessage());
		return monitored;
	}

	private static String uniqueThread() {
		return "thread-" + java.util.UUID.randomUUID();
	}

	private static LlmCallFilter threadFilter(String threadId) {
		return new LlmCallFilter(null, null, null, null, null, null, threadId, null, null, null, null, null, null);
	}

	private LlmCall onlyCallOf(String threadId) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !this.repository.find(threadFilter(threadId), 10, null).calls().isEmpty());
		List<LlmCall> calls = this.repository.find(threadFilter(threadId), 10, null).calls();
		assertThat(calls).hasSize(1);
		return calls.get(0);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class TracingConfiguration {

		@Bean
		SimpleTracer tracer() {
			return new SimpleTracer();
		}

	}

	record WeatherRequest(String city, String country, String units) {
	}

	record StockRequest(String ticker, String exchange) {
	}

}
