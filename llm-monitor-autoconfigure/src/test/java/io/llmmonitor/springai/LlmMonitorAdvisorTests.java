package io.llmmonitor.springai;

import java.time.Duration;
import java.util.List;

import io.llmmonitor.RecordedCalls;
import io.llmmonitor.context.LlmMonitor;
import io.llmmonitor.record.CallOperation;
import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.CallStatus;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmMessage;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link LlmMonitorAdvisor} and {@link LlmMonitorRoundAdvisor} in a real
 * {@link ChatClient} over a model that answers from a script: a call and a stream each
 * give one record, from the model's answer and what reached the model.
 */
class LlmMonitorAdvisorTests {

	private final RecordedCalls recorded = new RecordedCalls();

	@Test
	void callIsRecordedFromTheModelsAnswer() {
		ChatClient client = client(new ScriptedModel(answer("The capital of France is Paris.", "STOP", 14, 7)));

		String text = client.prompt()
			.options(ChatOptions.builder().model("gpt-4o").temperature(0.2))
			.advisors(LlmMonitorParams.threadId("t-1").withUserId("u-1").withTag("faq"))
			.user("What is the capital of France?")
			.call()
			.content();

		assertThat(text).isEqualTo("The capital of France is Paris.");
		LlmCall call = this.recorded.only();
		assertThat(call.origin().source()).isEqualTo(CallSource.ADVISOR);
		assertThat(call.origin().provider()).isEqualTo("default");
		assertThat(call.request().operation()).isEqualTo(CallOperation.CHAT);
		assertThat(call.request().requestedModel()).isEqualTo("gpt-4o");
		assertThat(call.request().requestOptions()).containsEntry("temperature", 0.2);
		assertThat(call.request().messages()).extracting(LlmMessage::content)
			.containsExactly("What is the capital of France?");
		assertThat(call.response().model()).isEqualTo("gpt-4o-2024-08-06");
		assertThat(call.response().responseId()).isEqualTo("chatcmpl-1");
		assertThat(call.response().finishReason()).isEqualTo("stop");
		assertThat(call.response().modelRequests()).isOne();
		assertThat(call.tokens().promptTokens()).isEqualTo(14);
		assertThat(call.tokens().completionTokens()).isEqualTo(7);
		// gpt-4o: 2.5 USD in, 10 USD out per 1M tokens
		assertThat(call.costUsd()).isEqualByComparingTo("0.000105");
		assertThat(call.context().threadId()).isEqualTo("t-1");
		assertThat(call.context().userId()).isEqualTo("u-1");
		assertThat(call.context().tags()).containsExactly("faq");
		assertThat(call.project()).isEqualTo("default");
	}

	@Test
	void scopedMetadataIsUnderTheAdvisorParams() {
		ChatClient client = client(new ScriptedModel(answer("ok", "STOP", 1, 1)));

		try (LlmMonitor.Scope scope = LlmMonitor.with().project("billing").threadId("scoped").open()) {
			client.prompt().advisors(LlmMonitorParams.threadId("param")).user("Hi").call().content();
		}

		LlmCall call = this.recorded.only();
		assertThat(call.project()).isEqualTo("billing");
		assertThat(call.context().threadId()).isEqualTo("param");
	}

	@Test
	void failureIsRecordedAndRethrownUnchanged() {
		IllegalStateException failure = new IllegalStateException("no model");
		ChatClient client = client(new ScriptedModel(failure));

		assertThatIllegalStateException().isThrownBy(() -> client.prompt().user("Hi").call().content())
			.isSameAs(failure);

		LlmCall call = this.recorded.only();
		assertThat(call.outcome().status()).isEqualTo(CallStatus.ERROR);
		assertThat(call.outcome().errorType()).isEqualTo("exception");
		assertThat(call.outcome().errorMessage()).isEqualTo("no model");
		assertThat(call.outcome().exceptionClass()).isEqualTo(IllegalStateException.class.getName());
		assertThat(call.tokens().counted()).isFalse();
		assertThat(call.request().messages()).isNotEmpty();
	}

	@Test
	void streamIsOneRecordWithItsTextUsageAndTimeToFirstToken() {
		ChatClient client = client(new ScriptedModel(answer("The capital ", null, 0, 0),
				answer("of France is Paris.", "STOP", 0, 0), answer(null, null, 14, 7)));

		List<String> parts = client.prompt().user("Capital?").stream().content().collectList().block();

		assertThat(parts).containsExactly("The capital ", "of France is Paris.");
		LlmCall call = this.recorded.only();
		assertThat(call.request().streamed()).isTrue();
		assertThat(call.response().responseText()).isEqualTo("The capital of France is Paris.");
		assertThat(call.response().finishReason()).isEqualTo("stop");
		assertThat(call.tokens().totalTokens()).isEqualTo(21);
		assertThat(call.timing().timeToFirstTokenMs()).isNotNull();
	}

	@Test
	void streamTheCallerStopsIsOneCancelledRecord() {
		ChatClient client = client(new ScriptedModel(answer("one ", null, 0, 0), answer("two ", null, 0, 0),
				answer("three", "STOP", 3, 3)));

		String first = client.prompt().user("Count").stream().content().blockFirst(Duration.ofSeconds(10));

		assertThat(first).isEqualTo("one ");
		LlmCall call = this.recorded.only();
		assertThat(call.outcome().status()).isEqualTo(CallStatus.SUCCESS);
		assertThat(call.response().finishReason()).isEqualTo("cancelled");
		assertThat(call.response().responseText()).isEqualTo("one ");
	}

	@Test
	void streamThatFailsIsOneErrorRecord() {
		ChatClient client = client(new ScriptedModel(
				Flux.concat(Flux.just(answer("one ", null, 0, 0)), Flux.error(new IllegalStateException("broken")))));

		Throwable thrown = catchThrowable(() -> client.prompt().user("Count").stream().content().blockLast());

		assertThat(thrown).hasMessageContaining("broken");
		LlmCall call = this.recorded.only();
		assertThat(call.outcome().errorType()).isEqualTo("exception");
		assertThat(call.response().responseText()).isEqualTo("one ");
	}

	private ChatClient client(ChatModel model) {
		LlmMonitorAdvisor advisor = new LlmMonitorAdvisor(this.recorded.recorder(), null);
		return ChatClient.builder(model).defaultAdvisors(advisor, new LlmMonitorRoundAdvisor()).build();
	}

	private static ChatResponse answer(String text, String finishReason, int prompt, int completion) {
		AssistantMessage message = new AssistantMessage((text != null) ? text : "");
		ChatGenerationMetadata metadata = (finishReason != null)
				? ChatGenerationMetadata.builder().finishReason(finishReason).build() : ChatGenerationMetadata.NULL;
		return ChatResponse.builder()
			.generations(List.of(new Generation(message, metadata)))
			.metadata(ChatResponseMetadata.builder()
				.id("chatcmpl-1")
				.model("gpt-4o-2024-08-06")
				.usage(new DefaultUsage(prompt, completion, prompt + completion))
				.build())
			.build();
	}

	/**
	 * A model that gives the same answer to every prompt: whole, as chunks, or a failure.
	 */
	private static final class ScriptedModel implements ChatModel {

		private final Flux<ChatResponse> chunks;

		private final RuntimeException failure;

		ScriptedModel(ChatResponse... chunks) {
			this(Flux.just(chunks));
		}

		ScriptedModel(Flux<ChatResponse> chunks) {
			this.chunks = chunks;
			this.failure = null;
		}

		ScriptedModel(RuntimeException failure) {
			this.chunks = Flux.error(failure);
			this.failure = failure;
		}

		@Override
		public ChatResponse call(Prompt prompt) {
			if (this.failure != null) {
				throw this.failure;
			}
			return this.chunks.blockFirst();
		}

		@Override
		public Flux<ChatResponse> stream(Prompt prompt) {
			return this.chunks;
		}

	}

}
