package io.llmmonitor.http;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Framing of server-sent events as networks and servers deliver them.
 */
class SseEventReaderTests {

	private final ParsedResponse response = new ParsedResponse(1000);

	private final SseEventReader reader = new SseEventReader(JsonMapper.builder().build(), this.response, 4096);

	@Test
	void crlfLinesCommentsAndMultiLineDataAreRead() {
		feed(": OPENROUTER PROCESSING\r\n\r\n"
				+ "data: {\"id\":\"a\",\"model\":\"m\",\r\ndata: \"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\r\n\r\n"
				+ "id: 7\r\nretry: 100\r\ndata: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],"
				+ "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}\r\n\r\n"
				+ "data: [DONE]\r\n\r\n");

		assertThat(this.reader.finish()).isTrue();
		assertThat(this.response.content().text()).isEqualTo("Hi");
		assertThat(this.response.model()).isEqualTo("m");
		assertThat(this.response.finishReason()).isEqualTo("stop");
		assertThat(this.response.usage().totalTokens()).isEqualTo(4);
		assertThat(this.response.completed()).isTrue();
	}

	@Test
	void aLastEventWithoutItsBlankLineIsStillRead() {
		feed("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: [DONE]");

		assertThat(this.reader.finish()).isTrue();
		assertThat(this.response.completed()).isTrue();
	}

	@Test
	void aStreamCutInsideAnEventIsReported() {
		feed("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\ndata: {\"choices\":[{\"ind");

		assertThat(this.reader.finish()).isFalse();
		assertThat(this.response.content().text()).isEqualTo("Hi");
	}

	@Test
	void anEventLargerThanTheLimitIsSkippedAndTheStreamGoesOn() {
		feed("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + "x".repeat(5000) + "\"}}]}\n\n"
				+ "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"after\"}}]}\n\n");

		assertThat(this.reader.finish()).isTrue();
		assertThat(this.response.content().text()).isEqualTo("after");
	}

	@Test
	void anUnreadableEventIsSkipped() {
		feed("data: {not json}\n\ndata: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"}}]}\n\n");

		assertThat(this.reader.finish()).isTrue();
		assertThat(this.response.content().text()).isEqualTo("ok");
	}

	@Test
	void anErrorEventMidStreamIsTheOutcome() {
		feed("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n"
				+ "data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}\n\n");

		assertThat(this.reader.finish()).isTrue();
		assertThat(this.response.errorType()).isEqualTo("server_error");
		assertThat(this.response.errorMessage()).isEqualTo("The server had an error");
	}

	private void feed(String text) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < bytes.length; i += 3) {
			this.reader.feed(bytes, i, Math.min(3, bytes.length - i));
		}
	}

}
