package io.llmmonitor.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import io.llmmonitor.Fixtures;
import io.llmmonitor.TestApplication;
import io.llmmonitor.record.CallOperation;
import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.CallStatus;
import io.llmmonitor.record.LlmCall;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The proxy with real clients — the official OpenAI Java SDK, the JDK's HTTP client and a
 * raw socket — in front of a loopback upstream serving recorded provider payloads.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "llm.monitor.proxy.enabled=true", "llm.monitor.store.flush-interval=20ms",
				"spring.ai.openai.api-key=sk-unused" })
class LlmMonitorProxyIntegrationTests extends ProxyIntegrationTestSupport {

	private static final String CLIENT_KEY = "sk-client-0123456789abcdefghij";

	@Autowired
	MeterRegistry meterRegistry;

	private OpenAIClient openAi;

	private double requestsBefore;

	@BeforeEach
	void setUp() {
		this.openAi = openAi(CLIENT_KEY);
		this.requestsBefore = total("llm.requests");
	}

	@Test
	void sdkChatCompletionIsForwardedAndRecorded() throws InterruptedException {
		upstream.enqueue(UpstreamServer.json("openai-chat-plain.json", "x-request-id", "req_123",
				"x-ratelimit-remaining-tokens", "29993"));

		ChatCompletion completion = this.openAi.chat()
			.completions()
			.create(ChatCompletionCreateParams.builder()
				.model("gpt-4o-mini")
				.addUserMessage("What is the capital of France?")
				.temperature(0.2)
				.build());

		assertThat(completion.choices().get(0).message().content()).hasValue("The capital of France is Paris.");
		UpstreamServer.Received received = upstream.takeRequest();
		assertThat(received.method()).isEqualTo("POST");
		assertThat(received.uri()).isEqualTo("/v1/chat/completions");
		assertThat(received.header("Authorization")).isEqualTo("Bearer " + CLIENT_KEY);
		LlmCall call = this.captured.only();
		assertThat(call.origin().source()).isEqualTo(CallSource.PROXY);
		assertThat(call.request().operation()).isEqualTo(CallOperation.CHAT);
		assertThat(call.project()).isEqualTo("default");
		assertThat(call.request().requestedModel()).isEqualTo("gpt-4o-mini");
		assertThat(call.response().model()).isEqualTo("gpt-4o-2024-08-06");
		assertThat(call.response().responseId()).isEqualTo("chatcmpl-Bu8vBIrB8kIWKRyTcpEEPncjhHtMU");
		assertThat(call.tokens().promptTokens()).isEqualTo(14);
		assertThat(call.tokens().completionTokens()).isEqualTo(7);
		assertThat(call.tokens().totalTokens()).isEqualTo(21);
		assertThat(call.tokens().tokensEstimated()).isFalse();
		assertThat(call.request().streamed()).isFalse();
		assertThat(call.outcome().status()).isEqualTo(CallStatus.SUCCESS);
		assertThat(call.outcome().httpStatus()).isEqualTo(200);
		assertThat(call.response().finishReason()).isEqualTo("stop");
		assertThat(call.request().requestOptions()).containsEntry("temperature", 0.2);
		assertThat(call.request().messages()).singleElement()
			.satisfies((message) -> assertThat(message.content()).isEqualTo("What is the capital of France?"));
		assertThat(call.response().responseText()).isEqualTo("The capital of France is Paris.");
		assertThat(call.context().attributes()).containsEntry("x-request-id", "req_123")
			.containsEntry("x-ratelimit-remaining-tokens", "29993");
		assertThat(call.toString()).doesNotContain(CLIENT_KEY);
		assertThat(total("llm.requests") - this.requestsBefore).isEqualTo(1.0);
	}

	@Test
	void sdkStreamIsRelayedAndRecordedOnce() {
		upstream.enqueue(UpstreamServer.sse("openai-chat-stream-plain.sse"));

		String text;
		try (StreamResponse<ChatCompletionChunk> stream = this.openAi.chat()
			.completions()
			.createStreaming(ChatCompletionCreateParams.builder()
				.model("gpt-4o")
				.addUserMessage("How are you?")
				.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
				.build())) {
			text = stream.stream()
				.flatMap((chunk) -> chunk.choices().stream())
				.map((choice) -> choice.delta().content().orElse(""))
				.collect(Collectors.joining());
		}

		LlmCall call = this.captured.only();
		assertThat(call.response().responseText()).isEqualTo(text).isNotEmpty();
		assertThat(call.request().streamed()).isTrue();
		assertThat(call.response().model()).isEqualTo("gpt-4o-2024-08-06");
		assertThat(call.tokens().promptTokens()).isEqualTo(14);
		assertThat(call.tokens().completionTokens()).isEqualTo(30);
		assertThat(call.tokens().totalTokens()).isEqualTo(44);
		assertThat(call.timing().timeToFirstTokenMs()).isNotNull();
		assertThat(call.response().finishReason()).isEqualTo("stop");
		assertThat(call.outcome().status()).isEqualTo(CallStatus.SUCCESS);
	}

	@Test
	void sdkEmbeddingsAreRecorded() {
		upstream.enqueue(UpstreamServer.json("openai-embeddings.json"));

		CreateEmbeddingResponse response = this.openAi.embeddings()
			.create(EmbeddingCreateParams.builder()
				.model("text-embedding-3-small")
				.input("The food was delicious")
				.build());

		assertThat(response.data()).isNotEmpty();
		LlmCall call = this.captured.only();
		assertThat(call.request().operation()).isEqualTo(CallOperation.EMBEDDING);
		assertThat(call.response().model()).isEqualTo("text-embedding-3-small");
		assertThat(call.tokens().promptTokens()).isEqualTo(12);
		assertThat(call.tokens().totalTokens()).isEqualTo(12);
	}

	@Test
	void sdkResponsesCallIsRecorded() {
		upstream.enqueue(UpstreamServer.json("openai-responses-plain.json"));

		Response response = this.openAi.responses()
			.create(ResponseCreateParams.builder().model("gpt-4.1").input("Tell me a three sentence story.").build());

		assertThat(response.usage()).isPresent();
		LlmCall call = this.captured.only();
		assertThat(call.request().operation()).isEqualTo(CallOperation.RESPONSES);
		assertThat(call.request().requestedModel()).isEqualTo("gpt-4.1");
		assertThat(call.response().model()).isEqualTo("gpt-4.1-2025-04-14");
		assertThat(call.tokens().promptTokens()).isEqualTo(53);
		assertThat(call.tokens().completionTokens()).isEqualTo(40);
		assertThat(call.response().responseText()).isNotEmpty();
	}

	@Test
	void sdkResponsesStreamIsRecorded() {
		upstream.enqueue(UpstreamServer.sse("openai-responses-stream.sse"));

		long events;
		try (StreamResponse<ResponseStreamEvent> stream = this.openAi.responses()
			.createStreaming(ResponseCreateParams.builder().model("gpt-4.1").input("Say hi").build())) {
			events = stream.stream().count();
		}

		assertThat(events).isPositive();
		LlmCall call = this.captured.only();
		assertThat(call.request().operation()).isEqualTo(CallOperation.RESPONSES);
		assertThat(call.request().streamed()).isTrue();
		assertThat(call.tokens().promptTokens()).isEqualTo(9);
		assertThat(call.tokens().completionTokens()).isEqualTo(12);
	}

	@Test
	void bytesStatusAndHeadersPassUnchanged() throws Exception {
		String requestBody = "{\"model\":\"gpt-4o-mini\",  \"messages\":[{\"role\":\"user\",\"content\":\"Caf\u00e9?\"}]}";
		upstream.enqueue(UpstreamServer.json(400, "openai-error-400-invalid-request.json", "x-request-id", "req_400",
				"openai-processing-ms", "12"));

		HttpResponse<byte[]> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(proxyUrl("/chat/completions?api-version=2024-10-21&x=a%2Fb")))
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer " + CLIENT_KEY)
				.header("OpenAI-Organization", "org-123")
				.POST(HttpRequest.BodyPublishers.ofString(requestBody))
				.build(), HttpResponse.BodyHandlers.ofByteArray());

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body())
			.isEqualTo(Fixtures.read("openai-error-400-invalid-request.json").getBytes(StandardCharsets.UTF_8));
		assertThat(response.headers().firstValue("x-request-id")).hasValue("req_400");
		assertThat(response.headers().firstValue("openai-processing-ms")).hasValue("12");
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
		UpstreamServer.Received received = upstream.takeRequest();
		assertThat(received.uri()).isEqualTo("/v1/chat/completions?api-version=2024-10-21&x=a%2Fb");
		assertThat(received.bodyText()).isEqualTo(requestBody);
		assertThat(received.header("OpenAI-Organization")).isEqualTo("org-123");
		LlmCall call = this.captured.only();
		assertThat(call.outcome().status()).isEqualTo(CallStatus.ERROR);
		assertThat(call.outcome().httpStatus()).isEqualTo(400);
		assertThat(call.outcome().errorMessage()).isNotEmpty();
	}

	@Test
	void metadataHeadersLandOnTheRecordAndNeverGoUpstream() throws InterruptedException {
		upstream.enqueue(UpstreamServer.json("openai-chat-plain.json"));
		OpenAIClient client = this.openAi.withOptions((options) -> options.putHeader("X-LLM-Project", "checkout")
			.putHeader("X-LLM-Thread-Id", "thread-42")
			.putHeader("X-LLM-User-Id", "user-7")
			.putHeader("X-LLM-Client-Id", "python-worker")
			.putHeader("X-LLM-Tags", "batch, nightly")
			.putHeader("X-LLM-Attribute-Tenant", "acme")
			.putHeader("x-llm-attribute-feature", "summary"));

		client.chat()
			.completions()
			.create(ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Hi").build());

		UpstreamServer.Received received = upstream.takeRequest();
		assertThat(received.hasHeaderStartingWith("x-llm-")).isFalse();
		LlmCall call = this.captured.only();
		assertThat(call.project()).isEqualTo("checkout");
		assertThat(call.context().threadId()).isEqualTo("thread-42");
		assertThat(call.context().userId()).isEqualTo("user-7");
		assertThat(call.context().clientId()).isEqualTo("python-worker");
		assertThat(call.context().tags()).containsExactly("batch", "nightly");
		assertThat(call.context().attributes()).containsEntry("tenant", "acme").containsEntry("feature", "summary");
		assertThat(this.meterRegistry.find("llm.requests").tag("project", "checkout").counter()).isNotNull();
	}

	@Test
	void nonLlmPathsAreForwardedButNotRecorded() throws Exception {
		upstream.enqueue(UpstreamServer.send(200, "application/json", "{\"object\":\"list\",\"data\":[]}"));
		upstream.enqueue(UpstreamServer.send(200, "application/json", "{\"deleted\":true}"));

		HttpClient http = HttpClient.newHttpClient();
		HttpResponse<String> models = http.send(
				HttpRequest.newBuilder(URI.create(proxyUrl("/models?limit=2"))).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> deleted = http.send(
				HttpRequest.newBuilder(URI.create(proxyUrl("/files/file-abc"))).DELETE().build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(models.body()).isEqualTo("{\"object\":\"list\",\"data\":[]}");
		assertThat(deleted.body()).isEqualTo("{\"deleted\":true}");
		assertThat(upstream.takeRequest().uri()).isEqualTo("/v1/models?limit=2");
		UpstreamServer.Received delete = upstream.takeRequest();
		assertThat(delete.method()).isEqualTo("DELETE");
		assertThat(delete.uri()).isEqualTo("/v1/files/file-abc");
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(this.captured.calls::isEmpty);
	}

	@Test
	void streamedUploadOfANonLlmPathPassesWhole() throws Exception {
		byte[] upload = new byte[3 * 1024 * 1024];
		for (int i = 0; i < upload.length; i++) {
			upload[i] = (byte) (i % 251);
		}
		upstream.enqueue(UpstreamServer.send(200, "application/json", "{\"id\":\"file-1\"}"));

		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(proxyUrl("/files")))
				.header("Content-Type", "application/octet-stream")
				.POST(HttpRequest.BodyPublishers.ofByteArray(upload))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.body()).isEqualTo("{\"id\":\"file-1\"}");
		assertThat(upstream.takeRequest().body()).isEqualTo(upload);
	}

	@Test
	void hugePromptPassesWholeAndIsStoredCut() throws Exception {
		String prompt = "word ".repeat(1_000_000);
		String requestBody = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt
				+ "\"}]}";
		upstream.enqueue(UpstreamServer.json("openai-chat-plain.json"));

		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(proxyUrl("/chat/completions")))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(requestBody))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(upstream.takeRequest().bodyText()).isEqualTo(requestBody);
		LlmCall call = this.captured.only();
		assertThat(call.outcome().status()).isEqualTo(CallStatus.SUCCESS);
		assertThat(call.tokens().promptTokens()).isEqualTo(14);
		assertThat(call.contentTruncated()).isTrue();
		assertThat(call.request().messages().get(0).content()).hasSizeLessThan(prompt.length());
	}

	@Test
	void firstChunkReachesTheClientWhileTheUpstreamHoldsTheRest() {
		String[] events = Fixtures.read("openai-chat-stream-plain.sse").split("(?<=\n\n)", 3);
		UpstreamServer.Holding holding = new UpstreamServer.Holding(events[0] + events[1], events[2], false);
		upstream.enqueue(holding);

		try (StreamResponse<ChatCompletionChunk> stream = this.openAi.chat()
			.completions()
			.createStreaming(ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Hi").build())) {
			Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
			assertThat(chunks.next().id()).isEqualTo("chatcmpl-ABfw031mOJeYCSHe4yI2ZjOA6kMJL");
			assertThat(holding.holding()).isTrue();
			holding.release();
			while (chunks.hasNext()) {
				chunks.next();
			}
		}

		LlmCall call = this.captured.only();
		assertThat(call.tokens().totalTokens()).isEqualTo(44);
		assertThat(call.outcome().status()).isEqualTo(CallStatus.SUCCESS);
	}

	@Test
	void clientLeavingMidStreamStopsTheUpstreamAndLeavesOneRecord() throws Exception {
		UpstreamServer.Endless endless = new UpstreamServer.Endless();
		upstream.enqueue(endless);

		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			String body = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Count\"}]}";
			OutputStream out = socket.getOutputStream();
			out.write(("POST /llm-proxy/v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
				.getBytes(StandardCharsets.UTF_8));
			out.flush();
			readUntil(socket.getInputStream(), "data: ");
		}

		assertThat(endless.stoppedAfter.get(10, TimeUnit.SECONDS)).isLessThan(UpstreamServer.Endless.EVENTS);
		LlmCall call = this.captured.only();
		assertThat(call.request().streamed()).isTrue();
		assertThat(call.response().finishReason()).isEqualTo("cancelled");
		assertThat(call.response().responseText()).startsWith("word 0 ");
	}

	private static void readUntil(InputStream in, String marker) throws IOException {
		StringBuilder seen = new StringBuilder();
		int b;
		while ((b = in.read()) != -1) {
			seen.append((char) b);
			if (seen.indexOf(marker) >= 0) {
				return;
			}
		}
		throw new IOException("The stream ended before '" + marker + "': " + seen);
	}

	private double total(String meter) {
		return this.meterRegistry.find(meter).counters().stream().mapToDouble(Counter::count).sum();
	}

}
