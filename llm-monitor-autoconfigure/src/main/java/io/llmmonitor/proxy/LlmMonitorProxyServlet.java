package io.llmmonitor.proxy;

import java.io.IOException;

import io.llmmonitor.context.LlmMonitor;
import io.llmmonitor.http.HttpLlmCapture;
import io.llmmonitor.http.HttpLlmExchange;
import io.llmmonitor.http.OkHttpHeaderReader;
import io.llmmonitor.record.CallOperation;
import io.llmmonitor.record.LlmCallContext;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The monitoring proxy: forwards every request under {@code <path>/v1} to the upstream
 * (and, with an Anthropic upstream, every request under {@code <path>/anthropic/v1} to
 * it) and relays the response as it arrives, flushing whenever the upstream pauses so
 * that a stream reaches the client chunk by chunk. OpenAI-compatible LLM calls among the
 * requests (and Anthropic's Messages calls) are recorded through {@link HttpLlmCapture};
 * {@code X-LLM-*} headers describe the call and never go upstream. With {@link ProxyKeys}
 * configured, a client must present one of them and the key's upstream key is sent in its
 * place.
 * <p>
 * Faults answer as OpenAI's API does, with an error body: 401 for a missing or unknown
 * key, 429 past {@link ProxyLimits#maxConcurrent() the concurrency limit}, 413 for an LLM
 * request body past {@link ProxyLimits#maxRequestSize() its limit}, 502 when the upstream
 * cannot be reached or breaks off before answering, 504 when it does not answer in time.
 * An event stream the upstream breaks off ends with an {@code error} event, which
 * OpenAI's SDKs raise; any other body that breaks off after it has started to reach the
 * client is cut off there. An {@link UpstreamWatchdog} enforces the first-byte and idle
 * timeouts and notices clients that leave an event stream.
 *
 * @since 0.1.0
 */
public final class LlmMonitorProxyServlet extends HttpServlet {

	private final OkHttpClient client;

	private final HttpLlmCapture capture;

	/** Where Anthropic's Messages API is served, under the proxy's path. */
	public static final String ANTHROPIC_ROUTE = "/anthropic";

	private final String upstreamUrl;

	private final @Nullable String anthropicUpstreamUrl;

	private final String path;

	private final String anthropicPath;

	private final ProxyKeys keys;

	private final ProxyLimits limits;

	private final ProxyGate gate;

	private final UpstreamWatchdog watchdog;

	private final UpstreamRelay relay;

	/**
	 * Create the proxy.
	 * @param client the client that calls the upstream; it must not follow redirects, and
	 * its read timeout, if any, should be longer than those of {@code limits}
	 * @param capture records the LLM calls
	 * @param upstreamUrl the base URL requests are forwarded to
	 * @param path the path the proxy is served under, without {@code /v1}
	 * @param keys the keys clients must present, or {@link ProxyKeys#NONE}
	 * @param limits the concurrency, size and time limits
	 * @param registry where requests turned away are counted
	 */
	public LlmMonitorProxyServlet(OkHttpClient client, HttpLlmCapture capture, String upstreamUrl, String path,
			ProxyKeys keys, ProxyLimits limits, MeterRegistry registry) {
		this(client, capture, upstreamUrl, null, path, keys, limits, registry);
	}

	/**
	 * Create the proxy with a route for Anthropic's Messages API.
	 * @param client the client that calls the upstream; it must not follow redirects, and
	 * its read timeout, if any, should be longer than those of {@code limits}
	 * @param capture records the LLM calls
	 * @param upstreamUrl the base URL requests under {@code <path>/v1} are forwarded to
	 * @param anthropicUpstreamUrl the base URL requests under {@code <path>/anthropic/v1}
	 * are forwarded to, or {@code null} for no such route
	 * @param path the path the proxy is served under, without {@code /v1}
	 * @param keys the keys clients must present, or {@link ProxyKeys#NONE}
	 * @param limits the concurrency, size and time limits
	 * @param registry where requests turned away are counted
	 */
	public LlmMonitorProxyServlet(OkHttpClient client, HttpLlmCapture capture, String upstreamUrl,
			@Nullable String anthropicUpstreamUrl, String path, ProxyKeys keys, ProxyLimits limits,
			MeterRegistry registry) {
		Assert.notNull(client, "'client' must not be null");
		Assert.notNull(capture, "'capture' must not be null");
		Assert.isTrue(HttpUrl.parse(upstreamUrl) != null, () -> "'upstreamUrl' is not an http(s) URL: " + upstreamUrl);
		Assert.isTrue(anthropicUpstreamUrl == null || HttpUrl.parse(anthropicUpstreamUrl) != null,
				() -> "'anthropicUpstreamUrl' is not an http(s) URL: " + anthropicUpstreamUrl);
		this.client = client;
		this.capture = capture;
		this.upstreamUrl = withoutTrailingSlash(upstreamUrl);
		this.anthropicUpstreamUrl = (anthropicUpstreamUrl != null) ? withoutTrailingSlash(anthropicUpstreamUrl) : null;
		this.path = path + "/v1";
		this.anthropicPath = path + ANTHROPIC_ROUTE + "/v1";
		this.keys = keys;
		this.limits = limits;
		this.gate = new ProxyGate(limits.maxConcurrent(), registry);
		this.watchdog = new UpstreamWatchdog(limits);
		this.relay = new UpstreamRelay(limits);
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
		boolean anthropic = isAnthropic(request);
		HttpUrl url = upstreamUrl(request, anthropic);
		if (url == null) {
			ProxyErrors.send(response, 400, "invalid_request_error", "invalid_url",
					"The request path cannot be forwarded: " + request.getRequestURI());
			return;
		}
		ProxyKey key = null;
		if (!this.keys.isEmpty()) {
			key = this.keys.find(presentedKey(request, anthropic));
			if (key == null) {
				ProxyErrors.send(response, 401, "invalid_request_error", "invalid_api_key",
						"Missing or unknown API key for this proxy. Send one of its keys as "
								+ (anthropic ? "'x-api-key: <key>'." : "'Authorization: Bearer <key>'."));
				return;
			}
		}
		if (!this.gate.tryEnter()) {
			response.setHeader("Retry-After", "1");
			ProxyErrors.send(response, 429, "rate_limit_error", "proxy_busy",
					"The proxy is forwarding as many requests as it may at once (" + this.gate.maxConcurrent()
							+ ", llm.monitor.proxy.max-concurrent); retry shortly.");
			return;
		}
		try {
			forward(request, response, url, key, anthropic);
		}
		finally {
			this.gate.leave();
		}
	}

	private void forward(HttpServletRequest request, HttpServletResponse response, HttpUrl url, @Nullable ProxyKey key,
			boolean anthropic) throws IOException {
		String method = request.getMethod();
		CallOperation operation = HttpLlmCapture.operation(method, url.encodedPath());
		byte[] llmRequestBody = null;
		if (operation != null) {
			llmRequestBody = readBody(request);
			if (llmRequestBody == null) {
				this.gate.rejectedTooLarge();
				ProxyErrors.send(response, 413, "invalid_request_error", "request_too_large",
						"The request body is larger than the proxy accepts (" + this.limits.maxRequestSize()
								+ " bytes, llm.monitor.proxy.max-request-size).");
				return;
			}
		}
		LlmCallContext.Builder metadata = (key != null) ? key.context().mutate() : LlmCallContext.builder();
		Headers headers = ForwardedRequests.headers(request, key, operation != null, metadata, anthropic);
		RequestBody body = (llmRequestBody != null)
				? RequestBody.create(llmRequestBody, ForwardedRequests.contentType(request))
				: ForwardedRequests.streamedBody(request, method);
		HttpLlmExchange exchange = null;
		if (operation != null && llmRequestBody != null) {
			exchange = this.capture.startOperation(operation, url.scheme(), url.host(), url.port(), url.encodedPath(),
					new ServletHeaders(request), LlmMonitor.current().merge(metadata.build()), null);
			if (exchange != null) {
				exchange.requestBody(llmRequestBody);
				if (key != null && key.name() != null) {
					exchange.proxyKey(key.name());
				}
			}
		}
		Call call = this.client.newCall(new Request.Builder().url(url).headers(headers).method(method, body).build());
		UpstreamWatch watch = this.watchdog.watch(call);
		try {
			exchange(call, watch, response, exchange);
		}
		finally {
			this.watchdog.release(watch);
		}
	}

	private void exchange(Call call, UpstreamWatch watch, HttpServletResponse response,
			@Nullable HttpLlmExchange exchange) throws IOException {
		Response upstream;
		try {
			upstream = call.execute();
		}
		catch (IOException | RuntimeException ex) {
			Throwable failure = this.relay.failure(watch, ex);
			if (exchange != null) {
				exchange.failed(failure);
			}
			this.relay.sendUpstreamFailure(response, failure, false);
			return;
		}
		try (upstream) {
			if (exchange != null) {
				exchange.response(upstream.code(), new OkHttpHeaderReader(upstream.headers()));
			}
			this.relay.relay(upstream, response, watch, exchange);
		}
	}

	/**
	 * Read an LLM request body, up to the size limit.
	 * @param request the request
	 * @return the body, or {@code null} when it is larger than the limit
	 * @throws IOException when the body cannot be read
	 */
	private byte @Nullable [] readBody(HttpServletRequest request) throws IOException {
		long max = this.limits.maxRequestSize();
		if (request.getContentLengthLong() > max) {
			return null;
		}
		byte[] body = request.getInputStream().readNBytes((int) max + 1);
		return (body.length > max) ? null : body;
	}

	@Override
	public void destroy() {
		this.watchdog.close();
		this.client.connectionPool().evictAll();
	}

	private boolean isAnthropic(HttpServletRequest request) {
		return this.anthropicUpstreamUrl != null
				&& request.getRequestURI().startsWith(this.anthropicPath, request.getContextPath().length());
	}

	private @Nullable HttpUrl upstreamUrl(HttpServletRequest request, boolean anthropic) {
		String uri = request.getRequestURI();
		String routePath = anthropic ? this.anthropicPath : this.path;
		String upstream = anthropic ? this.anthropicUpstreamUrl : this.upstreamUrl;
		int start = request.getContextPath().length() + routePath.length();
		if (upstream == null || !uri.startsWith(routePath, request.getContextPath().length())) {
			return null;
		}
		String query = request.getQueryString();
		String rest = uri.substring(start);
		return HttpUrl.parse(upstream + rest + ((query != null) ? "?" + query : ""));
	}

	private static String withoutTrailingSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	private static @Nullable String presentedKey(HttpServletRequest request, boolean anthropic) {
		String anthropicKey = anthropic ? request.getHeader("x-api-key") : null;
		if (anthropicKey != null) {
			return anthropicKey;
		}
		String authorization = request.getHeader("Authorization");
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return authorization.substring(7).trim();
		}
		return request.getHeader("api-key");
	}

}
