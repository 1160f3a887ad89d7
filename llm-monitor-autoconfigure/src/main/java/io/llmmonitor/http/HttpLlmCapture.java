package io.llmmonitor.http;

import java.net.URI;
import java.time.Clock;
import java.util.function.Consumer;

import io.llmmonitor.capture.HttpDetails;
import io.llmmonitor.capture.LlmCallCorrelation;
import io.llmmonitor.capture.LlmCallRecorder;
import io.llmmonitor.capture.TraceIds;
import io.llmmonitor.context.LlmCallContext;
import io.llmmonitor.context.LlmMonitor;
import io.llmmonitor.record.LlmCall;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.Assert;

/**
 * Entry point of HTTP-level capture, shared by every interceptor (and the proxy): decides
 * from the method and path alone whether a request is an OpenAI-compatible LLM call, and
 * starts an {@link HttpLlmExchange} for those that are. Any other request is left alone.
 *
 * @since 0.1.0
 */
public final class HttpLlmCapture {

	private static final Log logger = LogFactory.getLog(HttpLlmCapture.class);

	private final LlmCallRecorder recorder;

	private final LlmCallCorrelation correlation;

	private final TraceIds.Provider traceIds;

	private final @Nullable TokenEstimator tokenEstimator;

	private final int maxBodyBytes;

	private final Clock clock;

	private final String source;

	private final ObjectMapper json = JsonMapper.builder().build();

	/**
	 * Create a capture.
	 * @param recorder where finished calls go
	 * @param correlation recognises model requests of calls the advisor records
	 * @param traceIds supplies trace ids of the current span
	 * @param tokenEstimator counts tokens a stream did not report, or {@code null}
	 * @param maxBodyBytes the most bytes of one body (or stream event) kept for parsing
	 * @param clock the clock for start times
	 */
	public HttpLlmCapture(LlmCallRecorder recorder, LlmCallCorrelation correlation, TraceIds.Provider traceIds,
			@Nullable TokenEstimator tokenEstimator, int maxBodyBytes, Clock clock) {
		this(recorder, correlation, traceIds, tokenEstimator, maxBodyBytes, clock, LlmCall.SOURCE_HTTP);
	}

	/**
	 * Create a capture whose records name the given source.
	 * @param recorder where finished calls go
	 * @param correlation recognises model requests of calls the advisor records
	 * @param traceIds supplies trace ids of the current span
	 * @param tokenEstimator counts tokens a stream did not report, or {@code null}
	 * @param maxBodyBytes the most bytes of one body (or stream event) kept for parsing
	 * @param clock the clock for start times
	 * @param source the source of the records ({@link LlmCall#SOURCE_HTTP} or
	 * {@link LlmCall#SOURCE_PROXY})
	 */
	public HttpLlmCapture(LlmCallRecorder recorder, LlmCallCorrelation correlation, TraceIds.Provider traceIds,
			@Nullable TokenEstimator tokenEstimator, int maxBodyBytes, Clock clock, String source) {
		Assert.notNull(recorder, "'recorder' must not be null");
		Assert.notNull(correlation, "'correlation' must not be null");
		Assert.notNull(traceIds, "'traceIds' must not be null");
		Assert.isTrue(maxBodyBytes > 0, "'maxBodyBytes' must be positive");
		this.recorder = recorder;
		this.correlation = correlation;
		this.traceIds = traceIds;
		this.tokenEstimator = tokenEstimator;
		this.maxBodyBytes = maxBodyBytes;
		this.clock = clock;
		this.source = source;
	}

	/**
	 * Start capturing a request if it is an LLM call.
	 * @param method the HTTP method
	 * @param uri the request URI
	 * @param requestHeaders the request headers (with {@link LlmCallCorrelation#HEADER}
	 * still present)
	 * @param scoped metadata of the caller, or {@code null} to read
	 * {@link LlmMonitor#current()}
	 * @param reactorCall the call a streaming model request belongs to, from the Reactor
	 * context, or {@code null}
	 * @return the exchange, or {@code null} when the request is not an LLM call
	 */
	public @Nullable HttpLlmExchange start(String method, URI uri, HeaderReader requestHeaders,
			@Nullable LlmCallContext scoped, @Nullable Consumer<HttpDetails> reactorCall) {
		String operation = OpenAiApi.operation(method, uri.getRawPath());
		return (operation != null) ? startOperation(operation, uri, requestHeaders, scoped, reactorCall) : null;
	}

	/**
	 * Start capturing a request already known to be an LLM call.
	 * @param operation the operation its path names ({@link OpenAiApi#operation})
	 * @param uri the request URI
	 * @param requestHeaders the request headers
	 * @param scoped metadata of the caller, or {@code null} to read
	 * {@link LlmMonitor#current()}
	 * @param reactorCall the call a streaming model request belongs to, or {@code null}
	 * @return the exchange, or {@code null} when capture could not start
	 */
	public @Nullable HttpLlmExchange startOperation(String operation, URI uri, HeaderReader requestHeaders,
			@Nullable LlmCallContext scoped, @Nullable Consumer<HttpDetails> reactorCall) {
		return startOperation(operation, uri.getHost(), uri.getPort(), uri.getRawPath(), requestHeaders, scoped,
				reactorCall);
	}

	/**
	 * Start capturing a request already known to be an LLM call, given the parts of its
	 * URL that capture reads (for clients whose URL type is costly to turn into a
	 * {@link URI}).
	 * @param operation the operation its path names ({@link OpenAiApi#operation})
	 * @param host the request host
	 * @param port the request port, or -1
	 * @param rawPath the request path as sent
	 * @param requestHeaders the request headers
	 * @param scoped metadata of the caller, or {@code null} to read
	 * {@link LlmMonitor#current()}
	 * @param reactorCall the call a streaming model request belongs to, or {@code null}
	 * @return the exchange, or {@code null} when capture could not start
	 */
	public @Nullable HttpLlmExchange startOperation(String operation, @Nullable String host, int port,
			@Nullable String rawPath, HeaderReader requestHeaders, @Nullable LlmCallContext scoped,
			@Nullable Consumer<HttpDetails> reactorCall) {
		try {
			Consumer<HttpDetails> call = this.correlation.find(requestHeaders.get(LlmCallCorrelation.HEADER));
			if (call == null) {
				call = reactorCall;
			}
			return new HttpLlmExchange(this, operation, host, port, rawPath, requestHeaders.get("api-key") != null,
					(scoped != null) ? scoped : LlmMonitor.current(), call);
		}
		catch (RuntimeException ex) {
			logger.warn("llm-monitor failed to start capturing a call to " + host, ex);
			return null;
		}
	}

	LlmCallRecorder recorder() {
		return this.recorder;
	}

	TraceIds.Provider traceIds() {
		return this.traceIds;
	}

	@Nullable TokenEstimator tokenEstimator() {
		return this.tokenEstimator;
	}

	int maxBodyBytes() {
		return this.maxBodyBytes;
	}

	Clock clock() {
		return this.clock;
	}

	String source() {
		return this.source;
	}

	ObjectMapper json() {
		return this.json;
	}

}
