package io.llmmonitor.http;

import java.io.EOFException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.llmmonitor.Fixtures;
import io.llmmonitor.record.CallStatus;
import io.llmmonitor.record.CallTokens;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmToolCall;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Recorded answers of Anthropic's Messages API ({@code fixtures/anthropic-*}) parsed by
 * the HTTP capture's parser to the values Anthropic reported, whole and in 7-byte pieces:
 * input, cache-creation and cache-read tokens summed into the prompt tokens, each priced
 * once at its own rate.
 */
class AnthropicPayloadFixturesTests {

	private static final String MESSAGES = "https://api.anthropic.com/v1/messages";

	private final RecordingCapture recording = new RecordingCapture(1024 * 1024);

	@Test
	void cacheReadsArePartOfThePromptAndPricedAtTheCachedRate() {
		for (LlmCall call : replayWholeAndInPieces("anthropic-messages-cache-read.json", "application/json")) {
			assertAnswer(call, "claude-sonnet-4-5-20250929", "end_turn",
					CallTokens.reported(3L + 1111, 406L, null, 1111L, 0L, null).withCacheWrite1h(0L));
			assertThat(call.response().responseId()).isEqualTo("msg_01UUPT9QdZnZSRzcQJkjG25U");
			assertThat(call.response().responseText()).startsWith("# What is Python?");
			assertThat(call.costUsd()).isEqualByComparingTo(cost(3, 1111, 0, 406));
		}
	}

	@Test
	void cacheWritesArePartOfThePromptAndPricedAtTheCacheWriteRate() {
		for (LlmCall call : replayWholeAndInPieces("anthropic-messages-cache-write-5m.json", "application/json")) {
			assertAnswer(call, "claude-sonnet-4-5-20250929", "end_turn",
					CallTokens.reported(3L + 418 + 1111, 33L, null, 1111L, 418L, null).withCacheWrite1h(0L));
			assertThat(call.costUsd()).isEqualByComparingTo(cost(3, 1111, 418, 33));
			assertThat(call.inputCostUsd()).isEqualByComparingTo(cost(3, 1111, 418, 0));
			assertThat(call.outputCostUsd()).isEqualByComparingTo(cost(0, 0, 0, 33));
		}
	}

	@Test
	void oneHourCacheWritesArePricedAtTheirOwnRate() {
		// the recorded answer, its cache writes made one-hour ones
		String answer = Fixtures.read("anthropic-messages-cache-write-5m.json")
			.replace("\"ephemeral_1h_input_tokens\": 0", "\"ephemeral_1h_input_tokens\": 418")
			.replace("\"ephemeral_5m_input_tokens\": 418", "\"ephemeral_5m_input_tokens\": 0");

		LlmCall call = this.recording.replay(MESSAGES, null, 200, "application/json",
				answer.getBytes(StandardCharsets.UTF_8), 7);

		assertThat(call.tokens().cacheWriteTokens()).isEqualTo(418);
		assertThat(call.tokens().cacheWrite1hTokens()).isEqualTo(418);
		// 3 input, 1,111 cache read, 418 one-hour cache write (6 per 1M), 33 output
		assertThat(call.costUsd()).isEqualByComparingTo("0.0033453");
	}

	@Test
	void toolUseBlocksBecomeToolCalls() {
		for (LlmCall call : replayWholeAndInPieces("anthropic-messages-tool-use.json", "application/json")) {
			assertAnswer(call, "claude-sonnet-4-5-20250929", "tool_use",
					CallTokens.reported(497L, 56L, null, 0L, 0L, null).withCacheWrite1h(0L));
			assertThat(call.response().toolCalls()).containsExactly(new LlmToolCall("toolu_01LZABsgreMefH2Go8D5PQbW",
					"final_result", "{\"city\":\"Mexico City\",\"country\":\"Mexico\"}"));
			assertThat(call.response().responseText()).isNull();
		}
	}

	@Test
	void streamTakesTheCumulativeUsageOfItsLastMessageDeltaAndLeavesThinkingOutOfTheAnswer() {
		for (LlmCall call : replayWholeAndInPieces("anthropic-messages-stream-thinking.sse", "text/event-stream")) {
			assertAnswer(call, "claude-sonnet-4-20250514", "end_turn",
					CallTokens.reported(43L, 282L, null, 0L, 0L, null).withCacheWrite1h(0L));
			assertThat(call.request().streamed()).isTrue();
			assertThat(call.response().responseText()).startsWith("Here are").doesNotContain("straightforward");
			assertThat(call.timing().timeToFirstTokenMs()).isNotNull();
			assertThat(call.costUsd()).isEqualByComparingTo(cost(43, 0, 0, 282));
		}
	}

	@Test
	void streamedToolUseIsJoinedFromItsInputJsonDeltasAndServerToolsAreNotToolCalls() {
		for (LlmCall call : replayWholeAndInPieces("anthropic-messages-stream-tool-use.sse", "text/event-stream")) {
			// message_start said 702 input tokens; message_delta's 1591 counts the
			// tool search Anthropic ran on its side
			assertAnswer(call, "claude-sonnet-4-6", "tool_use",
					CallTokens.reported(1591L, 175L, null, 0L, 0L, null).withCacheWrite1h(0L));
			assertThat(call.response().toolCalls()).containsExactly(new LlmToolCall("toolu_01EFn5wTNBYA8Reni8rbmnHT",
					"get_exchange_rate", "{\"from_currency\": \"USD\", \"to_currency\": \"EUR\"}"));
			assertThat(call.response().responseText()).startsWith("Let me search for a tool")
				.endsWith("the current USD to EUR exchange rate for you.");
		}
	}

	@Test
	void errorBodyGivesItsTypeAndMessage() {
		for (int pieceSize : new int[] { 7, 100_000 }) {
			LlmCall call = this.recording.replay(MESSAGES, null, 400, "application/json",
					bytes("anthropic-error-400-invalid-request.json"), pieceSize);
			assertThat(call.origin().provider()).isEqualTo("anthropic");
			assertThat(call.outcome().status()).isEqualTo(CallStatus.ERROR);
			assertThat(call.outcome().httpStatus()).isEqualTo(400);
			assertThat(call.outcome().errorType()).isEqualTo("invalid_request_error");
			assertThat(call.outcome().errorMessage()).startsWith("This model does not support effort level 'xhigh'");
			assertThat(call.costUsd()).isNull();
		}
	}

	@Test
	void streamCutOrCancelledHalfwayIsOneRecordWithTheUsageSoFar() {
		byte[] whole = bytes("anthropic-messages-stream-thinking.sse");

		HttpLlmExchange cut = halfAStream(whole);
		cut.failed(new EOFException("unexpected end of stream"));
		LlmCall broken = this.recording.calls.remove(0);
		assertThat(broken.outcome().status()).isEqualTo(CallStatus.ERROR);
		assertThat(broken.outcome().errorType()).isEqualTo("stream_cut");
		assertThat(broken.tokens().promptTokens()).isEqualTo(43);
		assertThat(broken.response().model()).isEqualTo("claude-sonnet-4-20250514");

		HttpLlmExchange left = halfAStream(whole);
		left.cancelled();
		LlmCall cancelled = this.recording.calls.remove(0);
		assertThat(cancelled.response().finishReason()).isEqualTo("cancelled");
		assertThat(cancelled.response().responseText()).startsWith("Here are");
		assertThat(cancelled.tokens().promptTokens()).isEqualTo(43);
		assertThat(this.recording.calls).isEmpty();
	}

	private HttpLlmExchange halfAStream(byte[] stream) {
		HttpLlmExchange exchange = this.recording.capture.start("POST", URI.create(MESSAGES), HeaderReader.NONE, null,
				null);
		assertThat(exchange).isNotNull();
		exchange.response(200, RecordingCapture.headers(Map.of("Content-Type", "text/event-stream")));
		int half = stream.length / 2;
		for (int offset = 0; offset < half; offset += 7) {
			exchange.body(stream, offset, Math.min(7, half - offset));
		}
		return exchange;
	}

	@Test
	void errorEventInAStreamMakesAnErrorRecordWithWhatCameBefore() {
		// the recorded stream up to the end of its thinking, then the error event
		// Anthropic
		// sends when it is overloaded mid-stream
		String stream = Fixtures.read("anthropic-messages-stream-thinking.sse");
		String head = stream.substring(0, stream.indexOf("event: content_block_stop"));
		String overloaded = head + "event: error\ndata: {\"type\": \"error\", \"error\": {\"type\": "
				+ "\"overloaded_error\", \"message\": \"Overloaded\"}}\n\n";

		LlmCall call = this.recording.replay(MESSAGES, null, 200, "text/event-stream",
				overloaded.getBytes(StandardCharsets.UTF_8), 7);

		assertThat(call.outcome().status()).isEqualTo(CallStatus.ERROR);
		assertThat(call.outcome().httpStatus()).isEqualTo(200);
		assertThat(call.outcome().errorType()).isEqualTo("overloaded_error");
		assertThat(call.outcome().errorMessage()).isEqualTo("Overloaded");
		assertThat(call.tokens().promptTokens()).isEqualTo(43);
		assertThat(call.response().model()).isEqualTo("claude-sonnet-4-20250514");
	}

	@Test
	void requestGivesTheSystemPromptModelAndOptions() {
		String request = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,\"system\":\"You are terse.\","
				+ "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}],"
				+ "\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\"}}]}";

		LlmCall call = this.recording.replay(MESSAGES, request, 200, "application/json",
				bytes("anthropic-messages-tool-use.json"), 1000);

		assertThat(call.request().requestedModel()).isEqualTo("claude-sonnet-4-5");
		assertThat(call.request().requestOptions()).containsEntry("maxTokens", 1024L)
			.containsEntry("tools", List.of("get_weather"));
		assertThat(call.request().messages()).extracting("role", "content")
			.containsExactly(tuple("system", "You are terse."), tuple("user", "Hi"));
	}

	@Test
	void countTokensIsNotACall() {
		assertThat(HttpLlmCapture.operation("POST", "/v1/messages/count_tokens")).isNull();
		assertThat(HttpLlmCapture.operation("POST", "/v1/threads/thread_abc/messages")).isNull();
		assertThat(HttpLlmCapture.operation("POST", "/v1/messages")).isNotNull();
	}

	private LlmCall[] replayWholeAndInPieces(String fixture, String contentType) {
		return new LlmCall[] { this.recording.replay(MESSAGES, null, 200, contentType, bytes(fixture), 7),
				this.recording.replay(MESSAGES, null, 200, contentType, bytes(fixture), 100_000) };
	}

	private static void assertAnswer(LlmCall call, String model, String finishReason, CallTokens tokens) {
		assertThat(call.outcome().status()).as(call.outcome().errorMessage()).isEqualTo(CallStatus.SUCCESS);
		assertThat(call.origin().provider()).isEqualTo("anthropic");
		assertThat(call.origin().baseUrl()).isEqualTo("https://api.anthropic.com/v1");
		assertThat(call.response().model()).isEqualTo(model);
		assertThat(call.response().finishReason()).isEqualTo(finishReason);
		assertThat(call.tokens()).isEqualTo(tokens);
		assertThat(call.context().attributes()).containsEntry("x-request-id", "req_1");
	}

	// USD at Claude Sonnet 4.x's rates: 3 input, 0.30 cache read, 3.75 cache write, 15
	// output per 1M tokens
	private static BigDecimal cost(long input, long cacheRead, long cacheWrite, long output) {
		return BigDecimal.valueOf(input * 300 + cacheRead * 30 + cacheWrite * 375 + output * 1500, 8);
	}

	private static byte[] bytes(String name) {
		return Fixtures.read(name).getBytes(StandardCharsets.UTF_8);
	}

}
