package io.llmmonitor.http;

import java.net.URI;
import java.util.function.Consumer;

import io.llmmonitor.capture.HttpDetails;
import io.llmmonitor.capture.LlmCallCorrelation;
import io.llmmonitor.capture.LlmCallRecorder;
import io.llmmonitor.capture.StartedCall;
import io.llmmonitor.context.LlmMonitor;
import io.llmmonitor.record.CallOperation;
import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.LlmCallContext;
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

	private final @Nullable TokenEstimator tokenEstimator;

	private final int maxBodyBytes;

	private final CallSource source;

	private final ObjectMapper json = JsonMapper.builder().build();

	/**
	 * Create a capture whose records name the given source.
	 * @param recorder where calls start and finish
	 * @param correlation recognises model requests of calls the advisor records
	 * @param tokenEstimator counts tokens a stream did not report, or {@code null}
	 * @param maxBodyBytes the most bytes of one body (or stream event) kept for parsing
	 * @param source the source of the records ({@link CallSource#HTTP} or
	 * {@link CallSource#PROXY})
	 */
	public HttpLlmCapture(LlmCallRecorder recorder, LlmCallCorrelation correlation,
			@Nullable TokenEstimator tokenEstimator, int maxBodyBytes, CallSource source) {
		Assert.notNull(recorder, "'recorder' must not be null");
		Assert.notNull(correlation, "'correlation' must not be null");
		Assert.isTrue(maxBodyBytes > 0, "'maxBodyBytes' must be positive");
		Assert.notNull(source, "'source' must not be null");
		this.recorder = recorder;
		this.correlation = correlation;
		this.tokenEstimator = tokenEstimator;
		this.maxBodyBytes = maxBodyBytes;
		this.source = source;
	}

	/**
	 * Return the operation a request performs, looking at the method and path only.
	 * @param method the HTTP method
	 * @param path the request path as sent
	 * @return the operation, or {@code null} when the request is not an LLM call
	 */
	public static @Nullable CallOperation operation(String method, @Nullable String path) {
		return OpenAiApi.operation(method, path);
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
		CallOperation operation = OpenAiApi.operation(method, uri.getRawPath());
		return (operation != null) ? startOperation(operation, uri.getScheme(), uri.getHost(), uri.getPort(),
				uri.getRawPath(), requestHeaders, scoped, reactorCall) : null;
	}

	/**
	 * Start capturing a request already known to be an LLM call, given the parts of its
	 * URL that capture reads (for clients whose URL type is costly to turn into a
	 * {@link URI}).
	 * @param operation the operation its path names ({@link #operation})
	 * @param scheme the request scheme
	 * @param host the request host
	 * @param port the request port, or -1
	 * @param rawPath the request path as sent
	 * @param requestHeaders the request headers
	 * @param scoped metadata of the caller, or {@code null} to read
	 * {@link LlmMonitor#current()}
	 * @param reactorCall the call a streaming model request belongs to, or {@code null}
	 * @return the exchange, or {@code null} when capture could not start
	 */
	public @Nullable HttpLlmExchange startOperation(CallOperation operation, @Nullable String scheme,
			@Nullable String host, int port, @Nullable String rawPath, HeaderReader requestHeaders,
			@Nullable LlmCallContext scoped, @Nullable Consumer<HttpDetails> reactorCall) {
		try {
			Consumer<HttpDetails> advised = this.correlation.find(requestHeaders.get(LlmCallCorrelation.HEADER));
			if (advised == null) {
				advised = reactorCall;
			}
			HttpTarget target = new HttpTarget(scheme, host, port, rawPath, requestHeaders.get("api-key") != null,
					requestHeaders.get("anthropic-version") != null);
			StartedCall call = (advised != null) ? null
					: this.recorder.start(this.source, (scoped != null) ? scoped : LlmMonitor.current());
			return new HttpLlmExchange(this, operation, target, call, advised);
		}
		catch (RuntimeException ex) {
			logger.warn("llm-monitor failed to start capturing a call to " + host, ex);
			return null;
		}
	}

	@Nullable TokenEstimator tokenEstimator() {
		return this.tokenEstimator;
	}

	int maxBodyBytes() {
		return this.maxBodyBytes;
	}

	ObjectMapper json() {
		return this.json;
	}

}
