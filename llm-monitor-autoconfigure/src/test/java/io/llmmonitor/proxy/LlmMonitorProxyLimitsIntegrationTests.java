package io.llmmonitor.proxy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.openai.client.OpenAIClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.llmmonitor.Fixtures;
import io.llmmonitor.TestApplication;
import io.llmmonitor.record.CallStatus;
import io.llmmonitor.record.LlmCall;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The proxy protects its host: past {@code max-concurrent} requests it answers 429 at
 * once while the rest of the application keeps answering, it refuses LLM request bodies
 * past {@code max-request-size} with 413 before reading them whole, and it keeps event
 * streams alive with SSE comments while the upstream is silent.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "llm.monitor.proxy.enabled=true", "llm.monitor.proxy.max-concurrent=2",
				"llm.monitor.proxy.max-request-size=1KB", "llm.monitor.proxy.stream-keep-alive=100ms",
				"llm.monitor.proxy.idle-timeout=30s", "llm.monitor.store.flush-interval=20ms",
				"management.endpoints.web.exposure.include=health", "spring.ai.openai.api-key=sk-unused" })
class LlmMonitorProxyLimitsIntegrationTests extends ProxyIntegrationTestSupport {

	private final ExecutorService clients = Executors.newCachedThreadPool();

	private final List<UpstreamServer.Silent> held = new ArrayList<>();

	@Autowired
	private MeterRegistry meterRegistry;

	@AfterEach
	void releaseUpstream() {
		this.held.forEach(UpstreamServer.Silent::release);
		this.clients.shutdownNow();
	}

	@Test
	void pastMaxConcurrentTheProxyAnswers429AtOnceAndTheApplicationKeepsAnswering() throws Exception {
		OpenAIClient openAi = openAi("sk-client");
		List<CompletableFuture<Throwable>> hanging = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			UpstreamServer.Silent silent = new UpstreamServer.Silent();
			this.held.add(silent);
			upstream.enqueue(silent);
			hanging.add(CompletableFuture.supplyAsync(() -> catchThrowable(() -> chat(openAi)), this.clients));
		}
		upstream.takeRequest();
		upstream.takeRequest();
		double rejectedBefore = rejected("max_concurrent");

		Throwable thrown = catchThrowable(() -> chat(openAi));
		HttpResponse<String> health = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.ofString());

		assertThat(thrown).isInstanceOfSatisfying(OpenAIServiceException.class, (ex) -> {
			assertThat(ex.statusCode()).isEqualTo(429);
			assertThat(ex.code()).hasValue("proxy_busy");
			assertThat(ex.getMessage()).contains("llm.monitor.proxy.max-concurrent");
		});
		assertThat(upstream.hasRequest()).as("the rejected request went upstream").isFalse();
		assertThat(rejected("max_concurrent")).isEqualTo(rejectedBefore + 1);
		assertThat(this.meterRegistry.get(ProxyGate.ACTIVE).gauge().value()).isEqualTo(2);
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(hanging).allMatch((call) -> !call.isDone());
	}

	@Test
	void llmRequestPastMaxRequestSizeIsAnswered413AndNeverForwarded() throws Exception {
		String prompt = "x".repeat(2048);
		String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}";
		double rejectedBefore = rejected("request_too_large");

		HttpResponse<String> declared = post(HttpRequest.BodyPublishers.ofString(body));
		HttpResponse<String> chunked = post(HttpRequest.BodyPublishers
			.ofInputStream(() -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))));

		for (HttpResponse<String> response : List.of(declared, chunked)) {
			assertThat(response.statusCode()).isEqualTo(413);
			assertThat(response.body()).contains("\"code\":\"request_too_large\"")
				.contains("llm.monitor.proxy.max-request-size");
		}
		assertThat(upstream.hasRequest()).isFalse();
		assertThat(rejected("request_too_large")).isEqualTo(rejectedBefore + 2);
	}

	@Test
	void silentStreamIsKeptAliveWithCommentsBetweenEvents() throws Exception {
		String stream = Fixtures.read("openai-chat-stream-plain.sse");
		String[] events = stream.split("(?<=\n\n)", 3);
		UpstreamServer.Holding holding = new UpstreamServer.Holding(events[0] + events[1], events[2], false);
		upstream.enqueue(holding);

		String received;
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			sendStreamRequest(socket.getOutputStream());
			InputStream in = socket.getInputStream();
			String head = readUntil(in, ": keep-alive\n\n");
			holding.release();
			received = head + new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}

		String body = received.substring(received.indexOf("\r\n\r\n") + 4);
		assertThat(dechunk(body).replace(": keep-alive\n\n", "")).isEqualTo(stream);
		LlmCall call = this.captured.only();
		assertThat(call.outcome().status()).isEqualTo(CallStatus.SUCCESS);
		assertThat(call.tokens().totalTokens()).isEqualTo(44);
	}

	private HttpResponse<String> post(HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(proxyUrl("/chat/completions")))
				.header("Content-Type", "application/json")
				.POST(body)
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	static void sendStreamRequest(OutputStream out) throws IOException {
		String body = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
		out.write(("POST /llm-proxy/v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
				+ "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
			.getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	static String readUntil(InputStream in, String marker) throws IOException {
		StringBuilder seen = new StringBuilder();
		int b;
		while ((b = in.read()) != -1) {
			seen.append((char) b);
			if (seen.indexOf(marker) >= 0) {
				return seen.toString();
			}
		}
		throw new IOException("The stream ended before '" + marker + "': " + seen);
	}

	private static String dechunk(String chunked) {
		StringBuilder body = new StringBuilder();
		int at = 0;
		while (true) {
			int lineEnd = chunked.indexOf("\r\n", at);
			int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
			if (size == 0) {
				return new String(body.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
			}
			body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
			at = lineEnd + 2 + size + 2;
		}
	}

	private double rejected(String reason) {
		return this.meterRegistry.get(ProxyGate.REJECTED).tag("reason", reason).counter().count();
	}

	private static void chat(OpenAIClient openAi) {
		openAi.chat()
			.completions()
			.create(ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Hi").build());
	}

}
