package io.llmmonitor.capture;

import java.time.Instant;
import java.util.List;

import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmMessage;
import io.llmmonitor.record.LlmToolCall;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redaction, truncation and content switch-off.
 */
class ContentPolicyTests {

	@Test
	void redactsApiKeysAndBearerTokens() {
		ContentPolicy policy = new ContentPolicy(true, 1000, ContentPolicy.DEFAULT_REDACT_PATTERNS);

		LlmCall call = policy.apply(call(List.of(new LlmMessage("user",
				"key sk-proj-abcdefghijklmnop1234 and Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc and api_key=\"0123456789abcdef\"")),
				"ok")
			.mutate()
			.errorMessage("Incorrect API key provided: sk-abcdefghijklmnopqrstu")
			.build());

		assertThat(call.messages().get(0).content()).doesNotContain("sk-proj-abcdefghijklmnop1234")
			.doesNotContain("eyJhbGciOiJIUzI1NiJ9.abc")
			.doesNotContain("0123456789abcdef")
			.contains("[REDACTED]");
		assertThat(call.errorMessage()).isEqualTo("Incorrect API key provided: [REDACTED]");
		assertThat(call.contentTruncated()).isFalse();
	}

	@Test
	void eachDefaultPatternIsRedactedOnItsOwn() {
		ContentPolicy policy = new ContentPolicy(true, 1000, ContentPolicy.DEFAULT_REDACT_PATTERNS);
		for (String secret : List.of("sk-proj-abcdefghijklmnop1234", "BEARER abcdefghijkl", "bearer\tabcdefghijkl",
				"AKIAIOSFODNN7EXAMPLE", "AIzaSyA1234567890abcdefghijklmnopqrstuv", "API-KEY: abcdefghijklmnop",
				"apikey='abcdefghijklmnop'", "Api_Key=abcdefghijklmnop")) {
			assertThat(policy.redact("before " + secret + " after")).as(secret).contains("[REDACTED]");
		}
		assertThat(policy.redact("What is the capital of France? Ask an API."))
			.isEqualTo("What is the capital of France? Ask an API.");
	}

	@Test
	void cutsContentToTheMaximumKeepingTheLatestMessages() {
		ContentPolicy policy = new ContentPolicy(true, 10, List.of());

		LlmCall call = policy
			.apply(call(List.of(new LlmMessage("system", "0123456789"), new LlmMessage("user", "abcdefgh")),
					"a long answer that goes on"));

		assertThat(call.messages()).extracting(LlmMessage::content).containsExactly("01", "abcdefgh");
		assertThat(call.responseText()).isEqualTo("a long ans");
		assertThat(call.contentTruncated()).isTrue();
	}

	@Test
	void hugePromptIsBounded() {
		ContentPolicy policy = new ContentPolicy(true, 32768, ContentPolicy.DEFAULT_REDACT_PATTERNS);
		String huge = "word ".repeat(2_000_000);

		LlmCall call = policy.apply(call(List.of(new LlmMessage("user", huge), new LlmMessage("user", huge)), huge));

		int stored = call.messages().stream().mapToInt((message) -> message.content().length()).sum();
		assertThat(stored).isEqualTo(32768);
		assertThat(call.responseText()).hasSize(32768);
		assertThat(call.contentTruncated()).isTrue();
	}

	@Test
	void dropsContentWhenCaptureIsOff() {
		ContentPolicy policy = new ContentPolicy(false, 1000, List.of());

		LlmCall call = policy.apply(call(List.of(new LlmMessage("user", "secret plans")), "answer").mutate()
			.toolCalls(List.of(new LlmToolCall("1", "lookup", "{\"q\":\"secret\"}")))
			.build());

		assertThat(call.messages()).isEmpty();
		assertThat(call.responseText()).isNull();
		assertThat(call.toolCalls()).containsExactly(new LlmToolCall("1", "lookup", null));
	}

	private static LlmCall call(List<LlmMessage> messages, String response) {
		return LlmCall.builder("01a2", Instant.EPOCH).messages(messages).responseText(response).build();
	}

}
