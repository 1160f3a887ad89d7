package io.llmmonitor.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import io.llmmonitor.RecordedCalls;
import io.llmmonitor.capture.LlmCallCorrelation;
import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.LlmCall;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@link HttpLlmCapture} whose records land in a list, and a way to replay a whole
 * exchange through it.
 */
final class RecordingCapture {

	final RecordedCalls recorded = new RecordedCalls();

	final List<LlmCall> calls = this.recorded.calls();

	final LlmCallCorrelation correlation = new LlmCallCorrelation();

	final HttpLlmCapture capture;

	RecordingCapture(int maxBodyBytes) {
		this.capture = new HttpLlmCapture(this.recorded.recorder(), this.correlation, new JtokkitTokenEstimator(),
				maxBodyBytes, CallSource.HTTP);
	}

	/**
	 * Replay an exchange, handing the body over in pieces of the given size.
	 */
	LlmCall replay(String url, @Nullable String requestBody, int status, String contentType, byte[] body,
			int pieceSize) {
		HttpLlmExchange exchange = this.capture.start("POST", URI.create(url), HeaderReader.NONE, null, null);
		assertThat(exchange).as("an LLM call").isNotNull();
		if (requestBody != null) {
			exchange.requestBody(requestBody.getBytes(StandardCharsets.UTF_8));
		}
		exchange.response(status, headers(Map.of("Content-Type", contentType, "x-request-id", "req_1",
				"x-ratelimit-remaining-tokens", "149984")));
		for (int offset = 0; offset < body.length; offset += pieceSize) {
			exchange.body(body, offset, Math.min(pieceSize, body.length - offset));
		}
		exchange.bodyEnded();
		exchange.bodyClosed();
		assertThat(this.calls).hasSize(1);
		return this.calls.remove(0);
	}

	static HeaderReader headers(Map<String, String> values) {
		return new HeaderReader() {

			@Override
			public @Nullable String get(String name) {
				return values.entrySet()
					.stream()
					.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
					.map(Map.Entry::getValue)
					.findFirst()
					.orElse(null);
			}

			@Override
			public void forEach(BiConsumer<String, String> action) {
				values.forEach(action);
			}

		};
	}

}
