package io.llmmonitor.capture;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmmonitor.cost.CostCalculator;
import io.llmmonitor.cost.PriceCatalog;
import io.llmmonitor.record.CallOperation;
import io.llmmonitor.record.CallOutcome;
import io.llmmonitor.record.CallRequest;
import io.llmmonitor.record.CallResponse;
import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.CallTokens;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallContext;
import io.llmmonitor.record.LlmCalls;
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

		LlmCall call = kept(policy, List.of(new LlmMessage("user",
				"key sk-proj-abcdefghijklmnop1234 and Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.abc and api_key=\"0123456789abcdef\"")),
				"ok", List.of(), "Incorrect API key provided: sk-abcdefghijklmnopqrstu");

		assertThat(call.request().messages().get(0).content()).doesNotContain("sk-proj-abcdefghijklmnop1234")
			.doesNotContain("eyJhbGciOiJIUzI1NiJ9.abc")
			.doesNotContain("0123456789abcdef")
			.contains("[REDACTED]");
		assertThat(call.outcome().errorMessage()).isEqualTo("Incorrect API key provided: [REDACTED]");
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

	/** One of each credential shape the default patterns cover, as each is written. */
	static final List<String> CREDENTIALS = List.of("sk-proj-Xa9bC3dE5fG7hJ9kL1mN3pQ5",
			"sk-ant-api03-Xa9bC3dE5fG7hJ9kL1mN3pQ5rS7tU9", "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q",
			"AKIAIOSFODNN7EXAMPLE", "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
			"ghp_R2d2C3poR2d2C3poR2d2C3poR2d2C3poR2d2", "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuv",
			"xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp",
			"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
			"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq\n-----END RSA PRIVATE KEY-----",
			"password=hunter2hunter2", "client_secret: s3cr3tValue99", "api-key=abcdef0123456789");

	@Test
	void everyCredentialShapeIsRedactedInContentAndMetadata() {
		ContentPolicy policy = new ContentPolicy(true, 10_000, ContentPolicy.DEFAULT_REDACT_PATTERNS);
		for (String secret : CREDENTIALS) {
			String text = "see " + secret + " here";
			LlmCall call = LlmCalls.call(Instant.EPOCH)
				.project(text)
				.threadId(text)
				.userId(text)
				.clientId(text)
				.tags(List.of(text))
				.attributes(Map.of("tenant", text, "note", "plain"))
				.build();

			LlmCall redacted = policy.redact(call);

			assertThat(policy.redact(text)).as(secret).doesNotContain(secret).contains("[REDACTED]").startsWith("see ");
			LlmCallContext context = redacted.context();
			assertThat(List.of(context.project(), context.threadId(), context.userId(), context.clientId(),
					context.tags().get(0), context.attributes().get("tenant")))
				.as(secret)
				.allSatisfy((value) -> assertThat(value).doesNotContain(secret).contains("[REDACTED]"));
			assertThat(context.attributes()).containsEntry("note", "plain");
		}
	}

	@Test
	void wordsNearTheCuesAreLeftAlone() {
		ContentPolicy policy = new ContentPolicy(true, 10_000, ContentPolicy.DEFAULT_REDACT_PATTERNS);
		String text = "The secret of a good password is length; max_tokens: 100; eyJ alone; ghost_town; "
				+ "xox; -----BEGIN PUBLIC KEY-----";

		assertThat(policy.redact(text)).isEqualTo(text);
	}

	@Test
	void cutsContentToTheMaximumKeepingTheLatestMessages() {
		ContentPolicy policy = new ContentPolicy(true, 10, List.of());

		LlmCall call = kept(policy, List.of(new LlmMessage("system", "0123456789"), new LlmMessage("user", "abcdefgh")),
				"a long answer that goes on", List.of(), null);

		assertThat(call.request().messages()).extracting(LlmMessage::content).containsExactly("01", "abcdefgh");
		assertThat(call.response().responseText()).isEqualTo("a long ans");
		assertThat(call.contentTruncated()).isTrue();
	}

	@Test
	void hugePromptIsBounded() {
		ContentPolicy policy = new ContentPolicy(true, 32768, ContentPolicy.DEFAULT_REDACT_PATTERNS);
		String huge = "word ".repeat(2_000_000);

		LlmCall call = kept(policy, List.of(new LlmMessage("user", huge), new LlmMessage("user", huge)), huge,
				List.of(), null);

		int stored = call.request().messages().stream().mapToInt((message) -> message.content().length()).sum();
		assertThat(stored).isEqualTo(32768);
		assertThat(call.response().responseText()).hasSize(32768);
		assertThat(call.contentTruncated()).isTrue();
	}

	@Test
	void dropsContentWhenCaptureIsOff() {
		ContentPolicy policy = new ContentPolicy(false, 1000, List.of());

		LlmCall call = kept(policy, List.of(new LlmMessage("user", "secret plans")), "answer",
				List.of(new LlmToolCall("1", "lookup", "{\"q\":\"secret\"}")), null);

		assertThat(call.request().messages()).isEmpty();
		assertThat(call.response().responseText()).isNull();
		assertThat(call.response().toolCalls()).containsExactly(new LlmToolCall("1", "lookup", null));
	}

	@Test
	void redactionLeavesACallWithoutSecretsAsItIs() {
		ContentPolicy policy = new ContentPolicy(true, 1000, ContentPolicy.DEFAULT_REDACT_PATTERNS);
		LlmCall clean = LlmCalls.call(Instant.EPOCH).build();

		assertThat(policy.redact(clean)).isSameAs(clean);
	}

	@Test
	void callWithinTheLimitsKeepsItsContentAsCaptured() {
		ContentPolicy policy = new ContentPolicy(true, 1000, List.of());
		CallRequest request = new CallRequest(CallOperation.CHAT, "gpt-4o", false, Map.of(),
				List.of(new LlmMessage("user", "Hi")));
		CallResponse response = new CallResponse("gpt-4o", "id", 1, "stop", List.of(), "Hello");

		assertThat(policy.limit(request)).isSameAs(request);
		assertThat(policy.limit(response)).isSameAs(response);
	}

	/**
	 * The call as the recorder builds it from what was captured, then as the writer
	 * stores it.
	 */
	private static LlmCall kept(ContentPolicy policy, List<LlmMessage> messages, String text,
			List<LlmToolCall> toolCalls, String errorMessage) {
		List<LlmCall> recorded = new ArrayList<>();
		LlmCallRecorder recorder = new LlmCallRecorder(policy, new CostCalculator(PriceCatalog.empty()),
				List.of(recorded::add), "default", Clock.systemUTC(), CurrentTrace.NONE);
		CallOutcome outcome = (errorMessage != null) ? CallOutcome.error(400, "invalid_request_error", errorMessage)
				: CallOutcome.success(200);
		recorder.start(CallSource.HTTP, LlmCallContext.EMPTY)
			.finish("openai", new CallRequest(CallOperation.CHAT, "gpt-4o", false, Map.of(), messages),
					new CallResponse("gpt-4o", "id", 1, "stop", toolCalls, text), CallTokens.NONE, outcome);
		assertThat(recorded).hasSize(1);
		return policy.redact(recorded.get(0));
	}

}
