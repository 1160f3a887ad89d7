package io.llmmonitor.http;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmmonitor.Fixtures;
import io.llmmonitor.capture.HttpDetails;
import io.llmmonitor.capture.LlmCallCorrelation;
import io.llmmonitor.record.CallOperation;
import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.CallStatus;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HttpLlmExchange} driven as an interceptor drives it, without a client: each way
 * an exchange can end gives one record with the outcome it should.
 */
class HttpLlmExchangeTests {

	private static final String CHAT_URL = "https://api.openai.com/v1/chat/completions";

	private static final String REQUEST = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

	private final RecordingCapture recording = new RecordingCapture(1024 * 1024);

	@Test
	void answerReadToItsEndGivesItsRecord() {
		HttpLlmExchange exchange = start(LlmCallContext.builder().threadId("t-1").attribute("tenant", "acme").build());
		exchange.requestBody(REQUEST.getBytes(StandardCharsets.UTF_8));
		exchange.response(200, RecordingCapture.headers(Map.of("Content-Type", "application/json", "x-request-id",
				"req_7", "x-ratelimit-remaining-requests", "99")));
		feed(exchange, Fixtures.read("openai-chat-plain.json"));
		exchange.bodyEnded();
		exchange.bodyClosed();

		LlmCall call = this.recording.recorded.only();
		assertThat(call.origin().source()).isEqualTo(CallSource.HTTP);
		assertThat(call.origin().provider()).isEqualTo("openai");
		assertThat(call.request().operation()).isEqualTo(CallOperation.CHAT);
		assertThat(call.request().requestedModel()).isEqualTo("gpt-4o");
		assertThat(call.response().model()).isEqualTo("gpt-4o-2024-08-06");
		assertThat(call.response().responseText()).isEqualTo("The capital of France is Paris.");
		assertThat(call.tokens().totalTokens()).isEqualTo(21);
		assertThat(call.costUsd()).isNotNull();
		assertThat(call.outcome().status()).isEqualTo(CallStatus.SUCCESS);
		assertThat(call.outcome().httpStatus()).isEqualTo(200);
		assertThat(call.context().threadId()).isEqualTo("t-1");
		assertThat(call.context().attributes()).containsEntry("tenant", "acme")
			.containsEntry("x-request-id", "req_7")
			.containsEntry("x-ratelimit-remaining-requests", "99");
	}

	@Test
	void streamClosedBeforeItsEndIsCancelledAndCountedFromWhatArrived() {
		HttpLlmExchange exchange = start(LlmCallContext.EMPTY);
		exchange.requestBody(REQUEST.getBytes(StandardCharsets.UTF_8));
		exchange.response(200, RecordingCapture.headers(Map.of("Content-Type", "text/event-stream")));
		String stream = Fixtures.read("openai-chat-stream-plain.sse");
		feed(exchange, stream.substring(0, stream.indexOf("\n\n", 1000) + 2));
		exchange.bodyClosed();

		LlmCall call = this.recording.recorded.only();
		assertThat(call.outcome().status()).isEqualTo(CallStatus.SUCCESS);
		assertThat(call.response().finishReason()).isEqualTo("cancelled");
		assertThat(call.request().streamed()).isTrue();
		assertThat(call.timing().timeToFirstTokenMs()).isNotNull();
		assertThat(call.tokens().tokensEstimated()).isTrue();
		assertThat(call.response().responseText()).startsWith("I'm unable");
	}

	@Test
	void bodyBrokenWhileReadIsACutStream() {
		HttpLlmExchange exchange = start(LlmCallContext.EMPTY);
		exchange.response(200, RecordingCapture.headers(Map.of("Content-Type", "text/event-stream")));
		feed(exchange, Fixtures.read("openai-chat-stream-plain.sse").substring(0, 500));
		exchange.failed(new EOFException("unexpected end of stream"));
		exchange.bodyClosed();

		LlmCall call = this.recording.recorded.only();
		assertThat(call.outcome().status()).isEqualTo(CallStatus.ERROR);
		assertThat(call.outcome().httpStatus()).isEqualTo(200);
		assertThat(call.outcome().errorType()).isEqualTo("stream_cut");
		assertThat(call.outcome().errorMessage()).isEqualTo("the response broke off: unexpected end of stream");
		assertThat(call.outcome().exceptionClass()).isEqualTo("java.io.EOFException");
	}

	@Test
	void timeoutWhileTheBodyIsReadIsATimeout() {
		HttpLlmExchange exchange = start(LlmCallContext.EMPTY);
		exchange.response(200, RecordingCapture.headers(Map.of("Content-Type", "text/event-stream")));
		exchange.failed(new SocketTimeoutException("timeout"));

		assertThat(this.recording.recorded.only().outcome().errorType()).isEqualTo("timeout");
	}

	@Test
	void noAnswerAtAllIsNamedByItsFailure() {
		HttpLlmExchange exchange = start(LlmCallContext.EMPTY);
		exchange.requestBody(REQUEST.getBytes(StandardCharsets.UTF_8));
		exchange.failed(new ConnectException("Connection refused"));

		LlmCall call = this.recording.recorded.only();
		assertThat(call.outcome().errorType()).isEqualTo("connection_refused");
		assertThat(call.outcome().httpStatus()).isNull();
		assertThat(call.outcome().exceptionClass()).isEqualTo("java.net.ConnectException");
		assertThat(call.request().messages()).isNotEmpty();
	}

	@Test
	void errorPageWithoutJsonIsItsStatusWithItsTitle() {
		HttpLlmExchange exchange = start(LlmCallContext.EMPTY);
		exchange.response(503, RecordingCapture.headers(Map.of("Content-Type", "text/html")));
		feed(exchange, "<html><head><title>503 Service Unavailable</title></head><body>busy</body></html>");
		exchange.bodyEnded();

		LlmCall call = this.recording.recorded.only();
		assertThat(call.outcome().errorType()).isEqualTo("http_503");
		assertThat(call.outcome().errorMessage()).isEqualTo("503 Service Unavailable");
	}

	@Test
	void endingTwiceStillGivesOneRecord() {
		HttpLlmExchange exchange = start(LlmCallContext.EMPTY);
		exchange.response(200, RecordingCapture.headers(Map.of("Content-Type", "application/json")));
		feed(exchange, Fixtures.read("openai-chat-plain.json"));
		exchange.bodyEnded();
		exchange.failed(new EOFException());
		exchange.bodyClosed();

		assertThat(this.recording.recorded.only().outcome().status()).isEqualTo(CallStatus.SUCCESS);
	}

	@Test
	void modelRequestOfAnAdvisedCallGivesItsDetailsAndNoRecord() {
		List<HttpDetails> details = new ArrayList<>();
		HttpLlmExchange exchange = this.recording.capture.start("POST",
				URI.create("http://127.0.0.1:11434/v1/chat/completions"),
				RecordingCapture.headers(Map.of(LlmCallCorrelation.HEADER, "call-1")), LlmCallContext.EMPTY,
				details::add);

		assertThat(exchange.observesBody()).isFalse();
		exchange.response(429, RecordingCapture.headers(Map.of("x-request-id", "req_9")));
		exchange.bodyEnded();

		assertThat(details).containsExactly(
				new HttpDetails("ollama", 429, Map.of("x-request-id", "req_9"), "http://127.0.0.1:11434/v1"));
		assertThat(this.recording.calls).isEmpty();
		assertThat(this.recording.recorded.recorder().callsInFlight()).isZero();
	}

	@Test
	void requestsThatAreNotLlmCallsAreLeftAlone() {
		assertThat(this.recording.capture.start("GET", URI.create("https://api.openai.com/v1/models"),
				HeaderReader.NONE, null, null))
			.isNull();
		assertThat(this.recording.capture.start("POST", URI.create("https://api.openai.com/v1/files"),
				HeaderReader.NONE, null, null))
			.isNull();
	}

	private HttpLlmExchange start(LlmCallContext context) {
		HttpLlmExchange exchange = this.recording.capture.start("POST", URI.create(CHAT_URL), HeaderReader.NONE,
				context, null);
		assertThat(exchange).isNotNull();
		return exchange;
	}

	private static void feed(HttpLlmExchange exchange, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		for (int offset = 0; offset < bytes.length; offset += 64) {
			exchange.body(bytes, offset, Math.min(64, bytes.length - offset));
		}
	}

}
