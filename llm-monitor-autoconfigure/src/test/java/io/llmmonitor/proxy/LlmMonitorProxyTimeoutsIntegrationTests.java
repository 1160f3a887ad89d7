package io.llmmonitor.proxy;

import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.SseException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.llmmonitor.Fixtures;
import io.llmmonitor.TestApplication;
import io.llmmonitor.record.CallStatus;
import io.llmmonitor.record.LlmCall;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The first-byte and idle timeouts are separate: an upstream that thinks longer than the
 * idle timeout before its first byte is waited for, one that falls silent mid-stream for
 * longer than the idle timeout is cut off with an {@code upstream_timeout} error event.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "llm.monitor.proxy.enabled=true", "llm.monitor.proxy.first-byte-timeout=20s",
				"llm.monitor.proxy.idle-timeout=300ms", "llm.monitor.store.flush-interval=20ms",
				"spring.ai.openai.api-key=sk-unused" })
class LlmMonitorProxyTimeoutsIntegrationTests extends ProxyIntegrationTestSupport {

	private OpenAIClient openAi;

	@BeforeEach
	void setUp() {
		this.openAi = openAi("sk-client");
	}

	@Test
	void upstreamThinkingLongerThanTheIdleTimeoutBeforeItsFirstByteIsWaitedFor() throws Exception {
		CountDownLatch answer = new CountDownLatch(1);
		UpstreamServer.Reply completion = UpstreamServer.json("openai-chat-plain.json");
		upstream.enqueue((exchange) -> {
			// A reasoning model thinking until the test lets it answer.
			try {
				answer.await(20, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			completion.send(exchange);
		});

		CompletableFuture<ChatCompletion> call = CompletableFuture.supplyAsync(() -> this.openAi.chat()
			.completions()
			.create(ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Hi").build()));
		upstream.takeRequest();
		// Three idle timeouts pass with the call still waiting for its first byte.
		await().during(Duration.ofMillis(900)).atMost(Duration.ofSeconds(5)).until(() -> !call.isDone());
		answer.countDown();

		assertThat(call.get(10, TimeUnit.SECONDS).choices()).isNotEmpty();
		assertThat(this.captured.only().outcome().status()).isEqualTo(CallStatus.SUCCESS);
	}

	@Test
	void streamSilentPastTheIdleTimeoutEndsWithATimeoutEvent() {
		String[] events = Fixtures.read("openai-chat-stream-plain.sse").split("(?<=\n\n)", 3);
		UpstreamServer.Holding holding = new UpstreamServer.Holding(events[0] + events[1], events[2], false);
		upstream.enqueue(holding);

		Throwable thrown;
		try (StreamResponse<ChatCompletionChunk> stream = this.openAi.chat()
			.completions()
			.createStreaming(ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Hi").build())) {
			Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
			chunks.next();
			thrown = catchThrowable(() -> {
				while (chunks.hasNext()) {
					chunks.next();
				}
			});
		}
		holding.release();

		assertThat(thrown).isInstanceOfSatisfying(SseException.class, (ex) -> {
			assertThat(ex.code()).hasValue("upstream_timeout");
			assertThat(ex.getMessage()).contains("llm.monitor.proxy.idle-timeout");
		});
		LlmCall call = this.captured.only();
		assertThat(call.outcome().status()).isEqualTo(CallStatus.ERROR);
		assertThat(call.outcome().errorType()).isEqualTo("timeout");
		assertThat(call.outcome().errorMessage()).contains("sent nothing for 300ms");
		assertThat(call.response().responseText()).isNotEmpty();
	}

}
