package io.llmmonitor.http;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.llmmonitor.Fixtures;
import io.llmmonitor.RandomInputs;
import io.llmmonitor.capture.CallOutcomes;
import io.llmmonitor.record.LlmCall;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Property tests of the HTTP parser: real provider answers (and requests) cut short, with
 * a byte replaced or junk inserted, or replaced by random bytes, handed over in random
 * pieces under a random status and content type. For every case no exception reaches the
 * caller and the call gives exactly one record, built by the parser rather than by its
 * last-resort fallback.
 */
class MalformedResponsePropertyTests {

	private static final int CASES = 600;

	private static final List<String> ANSWERS = List.of("openai-chat-plain.json", "openai-chat-tool-calls.json",
			"openai-chat-reasoning-tokens.json", "openai-responses-plain.json", "openai-embeddings.json",
			"openai-error-400-invalid-request.json", "openai-chat-stream-plain.sse", "openai-chat-stream-tool-call.sse",
			"openai-responses-stream.sse", "openrouter-chat-stream-reasoning.sse", "groq-chat-stream-x-groq-usage.sse");

	private static final List<String> REQUESTS = List.of("openai-chat-request-tools.json",
			"openai-chat-request-stream-include-usage.json");

	private static final List<String> CONTENT_TYPES = List.of("application/json", "text/event-stream", "text/plain",
			"application/json; charset=utf-8", "text/event-stream; charset=utf-8");

	private static final List<Integer> STATUSES = List.of(200, 200, 200, 400, 401, 429, 500, 503);

	private static final String REQUEST = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

	private final RecordingCapture recording = new RecordingCapture(64 * 1024);

	@Test
	void damagedAnswerGivesOneRecordAndNoException() {
		RandomInputs random = new RandomInputs("damagedAnswer");
		for (int i = 0; i < CASES; i++) {
			byte[] body = (random.between(0, 9) == 0) ? random.bytes(2048)
					: random.damaged(Fixtures.read(random.oneOf(ANSWERS)).getBytes(StandardCharsets.UTF_8));
			String contentType = random.oneOf(CONTENT_TYPES);
			int status = random.oneOf(STATUSES);
			int pieceSize = random.between(1, 4096);
			String description = String.format("case %d of seed %d: status %d, %s, pieces of %d, %d bytes", i,
					RandomInputs.SEED, status, contentType, pieceSize, body.length);
			LlmCall[] call = new LlmCall[1];

			assertThatNoException().as(description)
				.isThrownBy(() -> call[0] = this.recording.replay("https://api.openai.com/v1/chat/completions", REQUEST,
						status, contentType, body, pieceSize));
			assertThat(call[0].outcome().errorType()).as(description).isNotEqualTo(CallOutcomes.EXCEPTION);
		}
	}

	@Test
	void damagedRequestGivesOneRecordAndNoException() {
		RandomInputs random = new RandomInputs("damagedRequest");
		byte[] answer = Fixtures.read("openai-chat-plain.json").getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < CASES; i++) {
			byte[] request = (random.between(0, 9) == 0) ? random.bytes(2048)
					: random.damaged(Fixtures.read(random.oneOf(REQUESTS)).getBytes(StandardCharsets.UTF_8));
			String description = String.format("case %d of seed %d: %d bytes", i, RandomInputs.SEED, request.length);
			LlmCall[] call = new LlmCall[1];

			assertThatNoException().as(description)
				.isThrownBy(() -> call[0] = this.recording.replay("https://api.openai.com/v1/chat/completions",
						new String(request, StandardCharsets.UTF_8), 200, "application/json", answer, 512));
			assertThat(call[0].outcome().errorType()).as(description).isNotEqualTo(CallOutcomes.EXCEPTION);
		}
	}

}
