package io.llmmonitor.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import io.llmmonitor.capture.ContentPolicy;
import io.llmmonitor.capture.CurrentTrace;
import io.llmmonitor.capture.LlmCallCorrelation;
import io.llmmonitor.capture.LlmCallRecorder;
import io.llmmonitor.cost.CostCalculator;
import io.llmmonitor.cost.PriceCatalog;
import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.LlmCall;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@link HttpLlmCapture} whose records land in a list, and a way to replay a whole
 * exchange through it.
 */
final class RecordingCapture {

	final List<LlmCall> calls = new CopyOnWriteArrayList<>();

	final HttpLlmCapture capture;

	RecordingCapture(int maxBodyBytes) {
		LlmCallRecorder recorder = new LlmCallRecorder(
				new ContentPolicy(true, 32768, ContentPolicy.DEFAULT_REDACT_PATTERNS),
				new CostCalculator(PriceCatalog.builtIn()), List.of(this.calls::add), "default", Clock.systemUTC(),
				CurrentTrace.NONE);
		this.capture = new HttpLlmCapture(recorder, new LlmCallCorrelation(), new JtokkitTokenEstimator(), maxBodyBytes,
				CallSource.HTTP);
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
