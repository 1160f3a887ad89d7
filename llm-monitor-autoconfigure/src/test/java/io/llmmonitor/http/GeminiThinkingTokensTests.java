package io.llmmonitor.http;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

import io.llmmonitor.Fixtures;
import io.llmmonitor.record.LlmCall;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gemini's OpenAI-compatible endpoint counts its thinking tokens only in
 * {@code total_tokens}: the record counts the difference as reasoning tokens, inside the
 * completion tokens as OpenAI counts them, and prices them at Gemini's output rate.
 */
class GeminiThinkingTokensTests {

	private static final String URL = "https://generativelanguage.googleapis.com/v1beta/openai/chat/completions";

	private final RecordingCapture recording = new RecordingCapture(1024 * 1024);

	@ParameterizedTest(name = "{0}")
	@CsvSource({ "gemini-chat-thinking.json, gemini-2.5-flash, 17, 32, 49, 30, 0.0000851",
			"gemini-chat-long-thinking.json, gemini-2.5-flash, 18, 1240, 1258, 1238, 0.0031054",
			"gemini-chat-tool-call-thinking.json, gemini-2.5-pro-preview-05-06, 35, 74, 109, 62, ",
			"gemini-chat-after-tool-thinking.json, gemini-2.5-pro-preview-05-06, 66, 34, 100, 28, " })
	void thinkingCountedOnlyInTheTotalBecomesReasoningTokens(String file, String model, long prompt, long completion,
			long total, long reasoning, BigDecimal cost) {
		for (int pieceSize : new int[] { 7, 100_000 }) {
			LlmCall call = this.recording.replay(URL, null, 200, "application/json",
					Fixtures.read(file).getBytes(StandardCharsets.UTF_8), pieceSize);

			assertThat(call.origin().provider()).isEqualTo("gemini");
			assertThat(call.response().model()).isEqualTo(model);
			assertThat(call.tokens().promptTokens()).isEqualTo(prompt);
			assertThat(call.tokens().completionTokens()).isEqualTo(completion);
			assertThat(call.tokens().totalTokens()).isEqualTo(total);
			assertThat(call.tokens().reasoningTokens()).isEqualTo(reasoning);
			assertThat(call.tokens().tokensEstimated()).isFalse();
			if (cost == null) {
				// a preview model the price list does not name: unpriced, not guessed
				assertThat(call.costUsd()).isNull();
				assertThat(call.unpriced()).isTrue();
			}
			else {
				// gemini-2.5-flash: $0.30 per 1M input tokens, $2.50 per 1M output and
				// thinking tokens
				assertThat(call.costUsd()).isEqualByComparingTo(cost);
			}
		}
	}

}
