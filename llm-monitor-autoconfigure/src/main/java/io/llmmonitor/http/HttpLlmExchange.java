package io.llmmonitor.http;

import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import io.llmmonitor.capture.CallOutcomes;
import io.llmmonitor.capture.HttpDetails;
import io.llmmonitor.capture.StartedCall;
import io.llmmonitor.record.CallOperation;
import io.llmmonitor.record.CallOutcome;
import io.llmmonitor.record.CallRequest;
import io.llmmonitor.record.CallResponse;
import io.llmmonitor.record.CallTokens;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One LLM call seen at the HTTP level, from the request to the end of its response body.
 * An interceptor reports what passes: the request body, the response status and headers,
 * each piece of the body as the caller reads it, and how the body ended (read to the end,
 * closed early, or broken). The call finishes once, when the body ends. A model request
 * of a {@code ChatClient} call the advisor records starts no call of its own: its status
 * and headers go to that call instead, and its body is not observed.
 * <p>
 * Thread-safe: the body may be read on one thread and closed on another.
 *
 * @since 0.1.0
 */
public final class HttpLlmExchange {

	private static final Log logger = LogFactory.getLog(HttpLlmExchange.class);

	private final HttpLlmCapture capture;

	private final CallOperation operation;

	private final HttpTarget target;

	private final @Nullable StartedCall call;

	private final @Nullable Consumer<HttpDetails> advisedCall;

	private byte @Nullable [] requestBody;

	private int status;

	private Map<String, String> providerHeaders = Map.of();

	private @Nullable ResponseBodyReader body;

	private boolean finished;

	HttpLlmExchange(HttpLlmCapture capture, CallOperation operation, HttpTarget target, @Nullable StartedCall call,
			@Nullable Consumer<HttpDetails> advisedCall) {
		this.capture = capture;
		this.operation = operation;
		this.target = target;
		this.call = call;
		this.advisedCall = advisedCall;
		if (call != null) {
			call.baseUrl(target.baseUrl());
		}
	}

	/**
	 * Whether the response body needs to be observed: {@code false} for a model request
	 * of a call the advisor records.
	 * @return whether to report the body
	 */
	public boolean observesBody() {
		return this.call != null;
	}

	/**
	 * Report the name of the proxy key the request was made with.
	 * @param name the key's name, never the key itself
	 */
	public void proxyKey(String name) {
		if (this.call != null) {
			this.call.proxyKey(name);
		}
	}

	/**
	 * Report the request body as sent.
	 * @param body the body
	 */
	public synchronized void requestBody(byte[] body) {
		this.requestBody = body;
	}

	/**
	 * Report the response status and headers.
	 * @param status the status code
	 * @param headers the response headers
	 */
	public synchronized void response(int status, HeaderReader headers) {
		try {
			this.status = status;
			this.providerHeaders = ProviderHeaders.of(headers);
			if (this.advisedCall != null) {
				this.advisedCall.accept(new HttpDetails(this.target.provider(null), status, this.providerHeaders,
						this.target.baseUrl()));
				return;
			}
			String contentType = headers.get("Content-Type");
			boolean eventStream = contentType != null
					&& contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
			this.body = new ResponseBodyReader(this.capture.json(), this.capture.maxBodyBytes(), eventStream);
		}
		catch (RuntimeException ex) {
			logger.warn("llm-monitor failed to read the response headers of a call to " + this.target.host(), ex);
		}
	}

	/**
	 * Report a piece of the response body, as the caller got it.
	 * @param bytes the buffer
	 * @param offset where the piece starts
	 * @param length its length
	 */
	public synchronized void body(byte[] bytes, int offset, int length) {
		ResponseBodyReader reader = this.body;
		if (this.finished || length <= 0 || reader == null) {
			return;
		}
		try {
			reader.feed(bytes, offset, length);
		}
		catch (RuntimeException ex) {
			logger.debug("llm-monitor could not read a response body piece", ex);
		}
	}

	/** The caller read the body to its end. */
	public void bodyEnded() {
		finish(Ending.ENDED, null);
	}

	/** The caller closed the body, possibly before its end. */
	public void bodyClosed() {
		finish(Ending.CLOSED, null);
	}

	/**
	 * The caller went away before the answer reached it whole: the record says
	 * {@code finishReason=cancelled}, with what had arrived.
	 */
	public void cancelled() {
		finish(Ending.CANCELLED, null);
	}

	/**
	 * The call failed: no response, or the body broke while it was read.
	 * @param ex the failure
	 */
	public void failed(Throwable ex) {
		finish(Ending.FAILED, ex);
	}

	private synchronized void finish(Ending ending, @Nullable Throwable failure) {
		StartedCall started = this.call;
		if (this.finished || started == null) {
			return;
		}
		this.finished = true;
		try {
			finish(started, ending, failure);
		}
		catch (RuntimeException ex) {
			logger.warn("llm-monitor failed to record an HTTP call to " + this.target.host(), ex);
			started.finish(this.target.provider(null), request(false), CallResponse.NONE, CallTokens.NONE, CallOutcome
				.error((this.status != 0) ? this.status : null, CallOutcomes.EXCEPTION, ex.getMessage()));
		}
	}

	private void finish(StartedCall started, Ending ending, @Nullable Throwable failure) {
		ResponseBodyReader reader = this.body;
		if (this.status == 0 || reader == null) {
			CallOutcome outcome = (failure != null) ? CallOutcomes.failed(failure, false)
					: (ending == Ending.CANCELLED)
							? CallOutcome.error(null, CallOutcomes.CANCELLED, "the caller went away before the answer")
							: CallOutcome.error(null, CallOutcomes.NO_RESPONSE, null);
			started.finish(this.target.provider(null), request(false), CallResponse.NONE, CallTokens.NONE, outcome);
			return;
		}
		started.providerHeaders(this.providerHeaders);
		String problem = reader.finish(ending == Ending.ENDED);
		if (ending == Ending.CANCELLED) {
			// Whatever is missing is missing because the caller left.
			problem = null;
		}
		ParsedResponse parsed = reader.parsed();
		ParsedContent content = parsed.content();
		if (reader.isEventStream() && content.firstContentNanos() != 0) {
			started.firstToken(content.firstContentNanos());
		}
		if (reader.truncated()) {
			started.contentTruncated();
		}
		CallRequest request = request(reader.isEventStream());
		CallOutcome outcome = outcome(reader, failure, problem);
		String finishReason = (ending == Ending.CANCELLED && this.status < 400) ? "cancelled" : parsed.finishReason();
		if (finishReason == null && ending == Ending.CLOSED && reader.isEventStream() && !parsed.completed()
				&& !outcome.failed()) {
			finishReason = "cancelled";
		}
		CallResponse response = new CallResponse(parsed.model(), parsed.id(), 1, finishReason, content.toolCalls(),
				content.text());
		started.finish(this.target.provider(parsed.providerHint()), request, response,
				tokens(request, response, parsed, outcome), outcome);
	}

	private CallRequest request(boolean streamed) {
		return RequestParser.parse(this.capture.json(), this.requestBody, this.operation, streamed,
				OpenAiApi.azureDeployment(this.target.rawPath()));
	}

	private CallOutcome outcome(ResponseBodyReader reader, @Nullable Throwable failure, @Nullable String problem) {
		ParsedResponse parsed = reader.parsed();
		if (this.status >= 400) {
			return parsed.hasError() ? CallOutcomes.answered(this.status, parsed.errorType(), parsed.errorMessage())
					: CallOutcomes.answered(this.status, null, reader.errorText());
		}
		if (failure != null) {
			return CallOutcomes.failed(failure, true)
				.withHttpStatus(this.status)
				.withErrorMessage("the response broke off: " + failure.getMessage());
		}
		if (parsed.hasError()) {
			return CallOutcomes.answered(this.status, parsed.errorType(), parsed.errorMessage());
		}
		if (problem != null) {
			return CallOutcome.error(this.status, CallOutcomes.INVALID_RESPONSE, problem);
		}
		return CallOutcome.success(this.status);
	}

	private CallTokens tokens(CallRequest request, CallResponse response, ParsedResponse parsed, CallOutcome outcome) {
		CallTokens usage = parsed.usage();
		if (usage != null) {
			return usage;
		}
		TokenEstimator estimator = this.capture.tokenEstimator();
		return (estimator != null && !outcome.failed()) ? TokenEstimates.of(estimator, request,
				RequestParser.tools(this.capture.json(), this.requestBody), response, parsed.content().generated())
				: CallTokens.NONE;
	}

	private enum Ending {

		ENDED, CLOSED, CANCELLED, FAILED

	}

}
