package io.llmmonitor.http;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.llmmonitor.capture.HttpDetails;
import io.llmmonitor.capture.TraceIds;
import io.llmmonitor.context.LlmCallContext;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallIds;
import io.llmmonitor.record.LlmMessage;
import io.llmmonitor.record.LlmToolCall;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One LLM call seen at the HTTP level, from the request to the end of its response body.
 * An interceptor reports what passes: the request body, the response status and headers,
 * each piece of the body as the caller reads it, and how the body ended (read to the end,
 * closed early, or broken). The call is recorded once, when the body ends. A call that
 * belongs to a {@code ChatClient} call the advisor records is not recorded here: its
 * status and headers go to that record instead, and its body is not observed.
 * <p>
 * Thread-safe: the body may be read on one thread and closed on another.
 *
 * @since 0.1.0
 */
public final class HttpLlmExchange {

	private static final Log logger = LogFactory.getLog(HttpLlmExchange.class);

	private static final int MAX_ERROR_TEXT = 500;

	private static final String RATE_LIMIT_PREFIX = "x-ratelimit-";

	private static final List<String> REQUEST_ID_HEADERS = List.of("x-request-id", "request-id", "apim-request-id");

	private final HttpLlmCapture capture;

	private final String operation;

	private final @Nullable String host;

	private final int port;

	private final @Nullable String rawPath;

	private final boolean azureKey;

	private final LlmCallContext context;

	private final @Nullable Consumer<HttpDetails> advisedCall;

	private final long startNanos = System.nanoTime();

	private final Instant startedAt;

	private final @Nullable TraceIds traceIds;

	private byte @Nullable [] requestBody;

	private int status;

	private Map<String, String> headerAttributes = Map.of();

	private @Nullable JsonBodyBuffer jsonBody;

	private @Nullable SseEventReader events;

	private @Nullable ParsedResponse parsed;

	private boolean finished;

	HttpLlmExchange(HttpLlmCapture capture, String operation, @Nullable String host, int port, @Nullable String rawPath,
			boolean azureKey, LlmCallContext context, @Nullable Consumer<HttpDetails> advisedCall) {
		this.capture = capture;
		this.operation = operation;
		this.host = host;
		this.port = port;
		this.rawPath = rawPath;
		this.azureKey = azureKey;
		this.context = context;
		this.advisedCall = advisedCall;
		this.startedAt = capture.clock().instant();
		this.traceIds = (advisedCall != null) ? null : capture.traceIds().current();
	}

	/**
	 * The operation the request path names.
	 * @return the operation
	 */
	public String operation() {
		return this.operation;
	}

	/**
	 * Whether the response body needs to be observed: {@code false} for a model request
	 * of a call the advisor records.
	 * @return whether to report the body
	 */
	public boolean observesBody() {
		return this.advisedCall == null;
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
			this.headerAttributes = headerAttributes(headers);
			if (this.advisedCall != null) {
				String provider = OpenAiApi.provider(this.host, this.port, this.rawPath, this.azureKey, null);
				this.advisedCall.accept(new HttpDetails(provider, status, this.headerAttributes));
				return;
			}
			String contentType = headers.get("Content-Type");
			this.parsed = new ParsedResponse(this.capture.maxBodyBytes());
			if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
				this.events = new SseEventReader(this.capture.json(), this.parsed, this.capture.maxBodyBytes());
			}
			else {
				this.jsonBody = new JsonBodyBuffer(this.capture.maxBodyBytes());
			}
		}
		catch (RuntimeException ex) {
			logger.warn("llm-monitor failed to read the response headers of a call to " + this.host, ex);
		}
	}

	private static Map<String, String> headerAttributes(HeaderReader headers) {
		KeptHeaders kept = new KeptHeaders();
		headers.forEach(kept);
		return kept.attributes;
	}

	private static boolean isKept(String headerName) {
		if (headerName.regionMatches(true, 0, RATE_LIMIT_PREFIX, 0, RATE_LIMIT_PREFIX.length())) {
			return true;
		}
		for (String requestId : REQUEST_ID_HEADERS) {
			if (requestId.equalsIgnoreCase(headerName)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Report a piece of the response body, as the caller got it.
	 * @param bytes the buffer
	 * @param offset where the piece starts
	 * @param length its length
	 */
	public synchronized void body(byte[] bytes, int offset, int length) {
		if (this.finished || length <= 0) {
			return;
		}
		try {
			if (this.events != null) {
				this.events.feed(bytes, offset, length);
			}
			else if (this.jsonBody != null) {
				this.jsonBody.append(bytes, offset, length);
			}
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
	 * The call failed: no response, or the body broke while it was read.
	 * @param ex the failure
	 */
	public void failed(Throwable ex) {
		finish(Ending.FAILED, ex);
	}

	private synchronized void finish(Ending ending, @Nullable Throwable failure) {
		if (this.finished) {
			return;
		}
		this.finished = true;
		if (this.advisedCall != null) {
			return;
		}
		try {
			this.capture.recorder().record(build(ending, failure));
		}
		catch (RuntimeException ex) {
			logger.warn("llm-monitor failed to record an HTTP call to " + this.host, ex);
		}
	}

	private LlmCall build(Ending ending, @Nullable Throwable failure) {
		long latencyMs = (System.nanoTime() - this.startNanos) / 1_000_000;
		ParsedRequest request = ParsedRequest.parse(this.capture.json(), this.requestBody, this.operation);
		ParsedResponse response = (this.parsed != null) ? this.parsed : new ParsedResponse(0);
		LlmCall.Builder call = LlmCall.builder(LlmCallIds.next(this.startedAt), this.startedAt)
			.source(this.capture.source())
			.operation(this.operation)
			.latencyMs(latencyMs)
			.project((this.context.project() != null) ? this.context.project()
					: this.capture.recorder().defaultProject())
			.threadId(this.context.threadId())
			.userId(this.context.userId())
			.clientId(this.context.clientId())
			.tags(this.context.tags())
			.requestedModel((request.model() != null) ? request.model() : azureDeployment())
			.requestOptions(request.options())
			.streamed(this.events != null);
		if (this.traceIds != null) {
			call.traceId(this.traceIds.traceId()).spanId(this.traceIds.spanId());
		}
		Map<String, String> attributes = new LinkedHashMap<>(this.headerAttributes);
		attributes.putAll(this.context.attributes());
		call.attributes(attributes);
		if (this.capture.recorder().contentPolicy().capturesContent()) {
			call.messages(request.messages());
		}
		if (this.status == 0) {
			String message = (failure != null) ? failure.getMessage() : null;
			return call.provider(OpenAiApi.provider(this.host, this.port, this.rawPath, this.azureKey, null))
				.status(LlmCall.STATUS_ERROR)
				.errorType((failure != null) ? failure.getClass().getName() : "no_response")
				.errorMessage(message)
				.build();
		}
		call.httpStatus(this.status);
		String problem = readBody(ending, response);
		call.provider(OpenAiApi.provider(this.host, this.port, this.rawPath, this.azureKey, response.providerHint()))
			.model(response.model())
			.responseId(response.id())
			.finishReason(response.finishReason())
			.toolCalls(response.toolCalls());
		String text = response.text();
		if (this.capture.recorder().contentPolicy().capturesContent()) {
			call.responseText(text);
		}
		if (response.textTruncated() || (this.jsonBody != null && this.jsonBody.truncated())) {
			call.contentTruncated(true);
		}
		if (this.events != null && response.firstContentNanos() != 0) {
			call.timeToFirstTokenMs((response.firstContentNanos() - this.startNanos) / 1_000_000);
		}
		boolean error = applyOutcome(call, ending, failure, response, problem);
		applyTokens(call, request, response, text, error);
		return call.build();
	}

	/**
	 * Parse what the body held.
	 * @return why the body could not be read, or {@code null}
	 */
	private @Nullable String readBody(Ending ending, ParsedResponse response) {
		if (this.events != null) {
			boolean whole = this.events.finish();
			return (ending == Ending.ENDED && !whole) ? "the stream ended inside an event" : null;
		}
		JsonBodyBuffer body = this.jsonBody;
		if (body == null) {
			return null;
		}
		if (body.looksLikeEventStream()) {
			this.events = new SseEventReader(this.capture.json(), response, this.capture.maxBodyBytes());
			body.replayTo(this.events);
			this.jsonBody = null;
			return readBody(ending, response);
		}
		JsonBodyBuffer.ReadResult result = body.read(this.capture.json());
		response.applyBody(result.fields(), this.operation);
		return (ending == Ending.ENDED) ? result.problem() : null;
	}

	private boolean applyOutcome(LlmCall.Builder call, Ending ending, @Nullable Throwable failure,
			ParsedResponse response, @Nullable String problem) {
		if (this.status >= 400) {
			call.status(LlmCall.STATUS_ERROR);
			if (response.hasError()) {
				call.errorType((response.errorType() != null) ? response.errorType() : "http_" + this.status)
					.errorMessage(response.errorMessage());
			}
			else {
				call.errorType("http_" + this.status).errorMessage(errorText());
			}
			return true;
		}
		if (failure != null) {
			call.status(LlmCall.STATUS_ERROR)
				.errorType(failure.getClass().getName())
				.errorMessage("the response broke off: " + failure.getMessage());
			return true;
		}
		if (response.hasError()) {
			call.status(LlmCall.STATUS_ERROR)
				.errorType((response.errorType() != null) ? response.errorType() : "error")
				.errorMessage(response.errorMessage());
			return true;
		}
		if (problem != null) {
			call.status(LlmCall.STATUS_ERROR).errorType("invalid_response").errorMessage(problem);
			return true;
		}
		if (ending == Ending.CLOSED && this.events != null && !response.completed()) {
			call.finishReason((response.finishReason() != null) ? response.finishReason() : "cancelled");
		}
		return false;
	}

	private @Nullable String errorText() {
		if (this.jsonBody == null) {
			return null;
		}
		String text = this.jsonBody.headText(64 * 1024);
		int title = text.toLowerCase(Locale.ROOT).indexOf("<title>");
		if (title >= 0) {
			int end = text.toLowerCase(Locale.ROOT).indexOf("</title>", title);
			if (end > title) {
				return text.substring(title + 7, end).trim();
			}
		}
		text = text.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
		if (text.isEmpty()) {
			return null;
		}
		return (text.length() > MAX_ERROR_TEXT) ? text.substring(0, MAX_ERROR_TEXT) : text;
	}

	private void applyTokens(LlmCall.Builder call, ParsedRequest request, ParsedResponse response,
			@Nullable String text, boolean error) {
		TokenUsage usage = response.usage();
		if (usage != null) {
			call.promptTokens(usage.promptTokens())
				.completionTokens(usage.completionTokens())
				.totalTokens(usage.totalTokens())
				.cachedTokens(usage.cachedTokens())
				.reasoningTokens(usage.reasoningTokens());
			return;
		}
		TokenEstimator estimator = this.capture.tokenEstimator();
		boolean embedding = LlmCall.OPERATION_EMBEDDING.equals(this.operation);
		if (estimator == null || error || (embedding && request.messages().isEmpty())) {
			return;
		}
		String model = (response.model() != null) ? response.model() : request.model();
		try {
			Long prompt = request.messages().isEmpty() ? null : estimatePrompt(estimator, model, request.messages());
			long completion = 0;
			if (!embedding) {
				completion = (text != null) ? estimator.count(model, text) : 0;
				for (LlmToolCall toolCall : response.toolCalls()) {
					completion += estimator.count(model,
							toolCall.name() + " " + ((toolCall.arguments() != null) ? toolCall.arguments() : ""));
				}
				call.completionTokens(completion);
			}
			call.promptTokens(prompt)
				.totalTokens((prompt != null) ? prompt + completion : completion)
				.tokensEstimated(true);
		}
		catch (RuntimeException ex) {
			logger.debug("llm-monitor could not estimate tokens", ex);
		}
	}

	/**
	 * Tokens of the messages, with the per-message framing OpenAI's chat format adds.
	 */
	private long estimatePrompt(TokenEstimator estimator, @Nullable String model, List<LlmMessage> messages) {
		boolean chat = LlmCall.OPERATION_CHAT.equals(this.operation)
				|| LlmCall.OPERATION_RESPONSES.equals(this.operation);
		long tokens = chat ? 3 : 0;
		for (LlmMessage message : messages) {
			if (message.content() != null) {
				tokens += estimator.count(model, message.content());
			}
			tokens += chat ? 4 : 0;
		}
		return tokens;
	}

	private @Nullable String azureDeployment() {
		String path = this.rawPath;
		int at = (path != null) ? path.indexOf("/openai/deployments/") : -1;
		if (at < 0) {
			return null;
		}
		int from = at + "/openai/deployments/".length();
		int end = path.indexOf('/', from);
		return (end > from) ? path.substring(from, end) : null;
	}

	private enum Ending {

		ENDED, CLOSED, FAILED

	}

	/**
	 * The response headers kept as attributes, in a map made only once one is kept.
	 */
	private static final class KeptHeaders implements BiConsumer<String, String> {

		private Map<String, String> attributes = Map.of();

		@Override
		public void accept(String name, String value) {
			if (!isKept(name)) {
				return;
			}
			if (this.attributes.isEmpty()) {
				this.attributes = new LinkedHashMap<>();
			}
			this.attributes.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
		}

	}

}
