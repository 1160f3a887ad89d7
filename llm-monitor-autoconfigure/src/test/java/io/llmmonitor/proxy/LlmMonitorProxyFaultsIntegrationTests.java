package io.llmmonitor.proxy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.llmmonitor.Fixtures;
import io.llmmonitor.TestApplication;
import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.CallStatus;
import io.llmmonitor.record.LlmCall;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * An upstream that is slow, hangs up or breaks off: the client gets OpenAI-style 504 and
 * 502 answers, an {@code error} event where a stream broke off, or a cut-off body, and
 * each call leaves one error record.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "llm.monitor.proxy.enabled=true", "llm.monitor.proxy.first-byte-timeout=500ms",
				"llm.monitor.proxy.idle-timeout=500ms", "llm.monitor.store.flush-interval=20ms",
				"spring.ai.openai.api-key=sk-unused" })
class LlmMonitorProxyFaultsIntegrationTests extends ProxyIntegrationTestSupport {

	private OpenAIClient openAi;

	@BeforeEach
	void setUp() {
		this.openAi = openAi("sk-client");
	}

	@Test
	void slowUpstreamAnswers504AndIsRecordedAsAnError() {
		UpstreamServer.Silent silent = new UpstreamServer.Silent();
		upstream.enqueue(silent);

		Throwable thrown = catchThrowable(this::chat);
		silent.release();

		assertThat(thrown).isInstanceOfSatisfying(OpenAIServiceException.class, (ex) -> {
			assertThat(ex.statusCode()).isEqualTo(504);
			assertThat(ex.code()).hasValue("upstream_timeout");
			assertThat(ex.getMessage()).contains("did not answer within");
		});
		LlmCall call = this.captured.only();
		assertThat(call.origin().source()).isEqualTo(CallSource.PROXY);
		assertThat(call.outcome().status()).isEqualTo(CallStatus.ERROR);
		assertThat(call.outcome().errorType()).isEqualTo("timeout");
		assertThat(call.outcome().exceptionClass()).isEqualTo("java.net.SocketTimeoutException");
		assertThat(call.request().requestedModel()).isEqualTo("gpt-4o-mini");
	}

	@Test
	void upstreamHangingUpAnswers502AndIsRecordedAsAnError() {
		upstream.enqueue(UpstreamServer.hangUp());
		upstream.enqueue(UpstreamServer.hangUp());

		Throwable thrown = catchThrowable(this::chat);

		assertThat(thrown).isInstanceOfSatisfying(InternalServerException.class, (ex) -> {
			assertThat(ex.statusCode()).isEqualTo(502);
			assertThat(ex.code()).hasValue("upstream_unreachable");
		});
		LlmCall call = this.captured.only();
		assertThat(call.outcome().status()).isEqualTo(CallStatus.ERROR);
		assertThat(call.outcome().httpStatus()).isNull();
		assertThat(call.outcome().errorMessage()).isNotEmpty();
	}

	@Test
	void upstreamBreakingOffMidStreamCutsTheClientsStreamAndIsRecorded() {
		String[] events = Fixtures.read("openai-chat-stream-plain.sse").split("(?<=\n\n)", 3);
		UpstreamServer.Holding holding = new UpstreamServer.Holding(events[0] + events[1], events[2], true);
		upstream.enqueue(holding);

		Throwable thrown;
		try (StreamResponse<ChatCompletionChunk> stream = this.openAi.chat()
			.completions()
			.createStreaming(ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Hi").build())) {
			Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
			chunks.next();
			holding.release();
			thrown = catchThrowable(() -> {
				while (chunks.hasNext()) {
					chunks.next();
				}
			});
		}

		assertThat(thrown).isInstanceOfSatisfying(SseException.class,
				(ex) -> assertThat(ex.code()).hasValue("upstream_broke_off"));
		LlmCall call = this.captured.only();
		assertThat(call.outcome().status()).isEqualTo(CallStatus.ERROR);
		assertThat(call.request().streamed()).isTrue();
		assertThat(call.outcome().httpStatus()).isEqualTo(200);
		assertThat(call.outcome().errorMessage()).startsWith("the response broke off");
	}

	@Test
	void upstreamBreakingOffAJsonAnswerAnswers502() {
		upstream.enqueue((exchange) -> {
			byte[] body = Fixtures.read("openai-chat-plain.json").getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body, 0, body.length / 2);
			exchange.getResponseBody().flush();
			throw new IOException("breaking off");
		});

		Throwable thrown = catchThrowable(this::chat);

		assertThat(thrown).isInstanceOfSatisfying(InternalServerException.class, (ex) -> {
			assertThat(ex.statusCode()).isEqualTo(502);
			assertThat(ex.code()).hasValue("upstream_broke_off");
		});
		LlmCall call = this.captured.only();
		assertThat(call.outcome().status()).isEqualTo(CallStatus.ERROR);
		assertThat(call.outcome().errorMessage()).startsWith("the response broke off");
	}

	@Test
	void upstreamBreakingOffALargeDownloadCutsTheClientsResponse() {
		byte[] file = new byte[256 * 1024];
		upstream.enqueue((exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
			exchange.sendResponseHeaders(200, file.length);
			exchange.getResponseBody().write(file, 0, file.length / 2);
			exchange.getResponseBody().flush();
			throw new IOException("breaking off");
		});

		Throwable thrown = catchThrowable(() -> HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(proxyUrl("/files/file-1/content"))).build(),
					HttpResponse.BodyHandlers.ofByteArray()));

		assertThat(thrown).isInstanceOf(IOException.class);
	}

	private void chat() {
		this.openAi.chat()
			.completions()
			.create(ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Hi").build());
	}

}
