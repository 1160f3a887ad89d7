package io.llmmonitor.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;

import io.llmmonitor.context.LlmMonitor;
import io.llmmonitor.http.HeaderReader;
import io.llmmonitor.http.HttpLlmCapture;
import io.llmmonitor.http.HttpLlmExchange;
import io.llmmonitor.http.OkHttpHeaderReader;
import io.llmmonitor.http.OpenAiApi;
import io.llmmonitor.record.CallOperation;
import io.llmmonitor.record.LlmCallContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The monitoring proxy: forwards every request under {@code <path>/v1} to the upstream
 * and relays the response as it arrives, flushing whenever the upstream pauses so that a
 * stream reaches the client chunk by chunk. OpenAI-compatible LLM calls among the
 * requests are recorded through {@link HttpLlmCapture}; {@code X-LLM-*} headers describe
 * the call and never go upstream. With {@link ProxyKeys} configured, a client must
 * present one of them and the key's upstream key is sent in its place.
 * <p>
 * Faults answer as OpenAI's API does, with an error body: 401 for a missing or unknown
 * key, 502 when the upstream cannot be reached or breaks off before answering, 504 when
 * it does not answer in time. An event stream the upstream breaks off ends with an
 * {@code error} event, which OpenAI's SDKs raise; any other body that breaks off after it
 * has started to reach the client is cut off there.
 *
 * @since 0.1.0
 */
public final class LlmMonitorProxyServlet extends HttpServlet {

	private static final Log logger = LogFactory.getLog(LlmMonitorProxyServlet.class);

	private static final Set<String> REQUEST_HEADERS_NOT_FORWARDED = Set.of("connection", "keep-alive",
			"proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
			"content-length", "expect");

	private static final Set<String> RESPONSE_HEADERS_NOT_RELAYED = Set.of("connection", "keep-alive",
			"proxy-authenticate", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
			"content-length");

	private static final byte[] EVENT_START = "\n\ndata: ".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);

	private final OkHttpClient client;

	private final HttpLlmCapture capture;

	private final String upstreamUrl;

	private final String path;

	private final ProxyKeys keys;

	private final Duration timeout;

	/**
	 * Create the proxy.
	 * @param client the client that calls the upstream; it must not follow redirects
	 * @param capture records the LLM calls
	 * @param upstreamUrl the base URL requests are forwarded to
	 * @param path the path the proxy is served under, without {@code /v1}
	 * @param keys the keys clients must present, or {@link ProxyKeys#NONE}
	 * @param timeout the upstream read timeout of the client, named in 504 answers
	 */
	public LlmMonitorProxyServlet(OkHttpClient client, HttpLlmCapture capture, String upstreamUrl, String path,
			ProxyKeys keys, Duration timeout) {
		Assert.notNull(client, "'client' must not be null");
		Assert.notNull(capture, "'capture' must not be null");
		Assert.isTrue(HttpUrl.parse(upstreamUrl) != null, () -> "'upstreamUrl' is not an http(s) URL: " + upstreamUrl);
		this.client = client;
		this.capture = capture;
		this.upstreamUrl = upstreamUrl.endsWith("/") ? upstreamUrl.substring(0, upstreamUrl.length() - 1) : upstreamUrl;
		this.path = path + "/v1";
		this.keys = keys;
		this.timeout = timeout;
	}

	@Override
	protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
		HttpUrl url = upstreamUrl(request);
		if (url == null) {
			ProxyErrors.send(response, 400, "invalid_request_error", "invalid_url",
					"The request path cannot be forwarded: " + request.getRequestURI());
			return;
		}
		ProxyKey key = null;
		if (!this.keys.isEmpty()) {
			key = this.keys.find(presentedKey(request));
			if (key == null) {
				ProxyErrors.send(response, 401, "invalid_request_error", "invalid_api_key",
						"Missing or unknown API key for this proxy. Send one of its keys as 'Authorization: Bearer <key>'.");
				return;
			}
		}
		String method = request.getMethod();
		CallOperation operation = OpenAiApi.operation(method, url.encodedPath());
		LlmCallContext.Builder metadata = (key != null) ? key.context().mutate() : LlmCallContext.builder();
		Headers headers = forwardedHeaders(request, key, operation != null, metadata);
		byte[] llmRequestBody = (operation != null) ? request.getInputStream().readAllBytes() : null;
		RequestBody body = (llmRequestBody != null) ? RequestBody.create(llmRequestBody, contentType(request))
				: streamedBody(request, method);
		HttpLlmExchange exchange = null;
		if (operation != null) {
			exchange = this.capture.startOperation(operation, url.host(), url.port(), url.encodedPath(),
					new ServletHeaders(request), LlmMonitor.current().merge(metadata.build()), null);
			if (exchange != null) {
				exchange.requestBody(llmRequestBody);
			}
		}
		Call call = this.client.newCall(new Request.Builder().url(url).headers(headers).method(method, body).build());
		Response upstream;
		try {
			upstream = call.execute();
		}
		catch (IOException | RuntimeException ex) {
			if (exchange != null) {
				exchange.failed(ex);
			}
			sendUpstreamFailure(response, ex, false);
			return;
		}
		try (upstream) {
			if (exchange != null) {
				exchange.response(upstream.code(), new OkHttpHeaderReader(upstream.headers()));
			}
			relay(upstream, response, call, exchange);
		}
	}

	@Override
	public void destroy() {
		this.client.connectionPool().evictAll();
	}

	private @Nullable HttpUrl upstreamUrl(HttpServletRequest request) {
		String uri = request.getRequestURI();
		int start = request.getContextPath().length() + this.path.length();
		if (!uri.startsWith(this.path, request.getContextPath().length())) {
			return null;
		}
		String query = request.getQueryString();
		String rest = uri.substring(start);
		return HttpUrl.parse(this.upstreamUrl + rest + ((query != null) ? "?" + query : ""));
	}

	private static @Nullable String presentedKey(HttpServletRequest request) {
		String authorization = request.getHeader("Authorization");
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return authorization.substring(7).trim();
		}
		return request.getHeader("api-key");
	}

	private Headers forwardedHeaders(HttpServletRequest request, @Nullable ProxyKey key, boolean llmCall,
			LlmCallContext.Builder metadata) {
		Headers.Builder headers = new Headers.Builder();
		boolean azureStyleKey = false;
		for (String name : Collections.list(request.getHeaderNames())) {
			String lower = name.toLowerCase(Locale.ROOT);
			if (ProxyMetadataHeaders.isMetadata(lower)) {
				for (String value : Collections.list(request.getHeaders(name))) {
					ProxyMetadataHeaders.apply(lower, value, metadata);
				}
				continue;
			}
			if (REQUEST_HEADERS_NOT_FORWARDED.contains(lower)) {
				continue;
			}
			if (key != null && (lower.equals("authorization") || lower.equals("api-key"))) {
				azureStyleKey |= lower.equals("api-key");
				continue;
			}
			for (String value : Collections.list(request.getHeaders(name))) {
				headers.addUnsafeNonAscii(name, value);
			}
		}
		if (key != null && key.upstreamKey() != null) {
			if (azureStyleKey) {
				headers.set("api-key", key.upstreamKey());
			}
			else {
				headers.set("Authorization", "Bearer " + key.upstreamKey());
			}
		}
		// The recorded copy of an LLM response is parsed as it passes, so it must not be
		// compressed; other responses pass as the client asked for them.
		if (llmCall || headers.get("Accept-Encoding") == null) {
			headers.set("Accept-Encoding", "identity");
		}
		return headers.build();
	}

	private static @Nullable MediaType contentType(HttpServletRequest request) {
		String contentType = request.getContentType();
		return (contentType != null) ? MediaType.parse(contentType) : null;
	}

	private static @Nullable RequestBody streamedBody(HttpServletRequest request, String method) {
		if ("GET".equals(method) || "HEAD".equals(method)) {
			return null;
		}
		long length = request.getContentLengthLong();
		if (length > 0 || request.getHeader("Transfer-Encoding") != null) {
			return new StreamedRequestBody(request, contentType(request), length);
		}
		boolean requiresBody = "POST".equals(method) || "PUT".equals(method) || "PATCH".equals(method);
		return requiresBody ? RequestBody.create(new byte[0], contentType(request)) : null;
	}

	private void relay(Response upstream, HttpServletResponse response, Call call, @Nullable HttpLlmExchange exchange)
			throws IOException {
		response.setStatus(upstream.code());
		Headers headers = upstream.headers();
		for (int i = 0; i < headers.size(); i++) {
			String name = headers.name(i);
			if (!RESPONSE_HEADERS_NOT_RELAYED.contains(name.toLowerCase(Locale.ROOT))) {
				response.addHeader(name, headers.value(i));
			}
		}
		ResponseBody body = upstream.body();
		long length = (body != null) ? body.contentLength() : 0;
		if (length >= 0 && upstream.header("Content-Length") != null) {
			response.setContentLengthLong(length);
		}
		if (body == null) {
			finish(response, exchange);
			return;
		}
		boolean eventStream = isEventStream(upstream.header("Content-Type"));
		// Whatever may stream is passed on whenever the upstream pauses; a whole LLM
		// answer is held in the server's buffer, so that one that breaks off early can
		// still be answered with a 502.
		boolean flushOnPause = eventStream || exchange == null;
		InputStream in = body.byteStream();
		OutputStream out = response.getOutputStream();
		byte[] buffer = new byte[8192];
		while (true) {
			int read;
			try {
				read = in.read(buffer);
			}
			catch (IOException | RuntimeException ex) {
				if (exchange != null) {
					exchange.failed(ex);
				}
				cutOff(response, eventStream, ex);
				return;
			}
			if (read == -1) {
				break;
			}
			try {
				out.write(buffer, 0, read);
				if (flushOnPause && in.available() == 0) {
					out.flush();
				}
			}
			catch (IOException ex) {
				// The client went away: stop the upstream request too.
				call.cancel();
				if (exchange != null) {
					exchange.bodyClosed();
				}
				return;
			}
			if (exchange != null) {
				exchange.body(buffer, 0, read);
			}
		}
		finish(response, exchange);
	}

	private static boolean isEventStream(@Nullable String contentType) {
		return contentType != null && contentType.regionMatches(true, 0, "text/event-stream", 0, 17);
	}

	private static void finish(HttpServletResponse response, @Nullable HttpLlmExchange exchange) {
		try {
			// Complete the response before the record is built, so that the client does
			// not wait for it.
			response.getOutputStream().close();
		}
		catch (IOException ex) {
			logger.debug("A proxy client went away at the end of its response", ex);
		}
		if (exchange != null) {
			exchange.bodyEnded();
		}
	}

	private void sendUpstreamFailure(HttpServletResponse response, Throwable ex, boolean answered) throws IOException {
		if (ex instanceof InterruptedIOException) {
			ProxyErrors.send(response, 504, "upstream_error", "upstream_timeout", "The upstream did not answer within "
					+ this.timeout.toMillis() + "ms: " + ProxyErrors.describe(ex));
		}
		else if (answered) {
			ProxyErrors.send(response, 502, "upstream_error", "upstream_broke_off",
					"The upstream broke off its response: " + ProxyErrors.describe(ex));
		}
		else {
			ProxyErrors.send(response, 502, "upstream_error", "upstream_unreachable",
					"The upstream could not be reached: " + ProxyErrors.describe(ex));
		}
	}

	/**
	 * End a response the upstream broke off. An event stream ends with an error event, as
	 * OpenAI's API reports mid-stream errors; any other body is cut off.
	 */
	private void cutOff(HttpServletResponse response, boolean eventStream, Throwable ex) throws IOException {
		if (!response.isCommitted()) {
			response.reset();
			sendUpstreamFailure(response, ex, true);
			return;
		}
		if (!eventStream) {
			throw new UpstreamBrokeOffException(ex);
		}
		String code = (ex instanceof InterruptedIOException) ? "upstream_timeout" : "upstream_broke_off";
		OutputStream out = response.getOutputStream();
		out.write(EVENT_START);
		out.write(ProxyErrors.body("upstream_error", code,
				"The upstream broke off the stream: " + ProxyErrors.describe(ex)));
		out.write(EVENT_END);
		out.close();
	}

	/**
	 * Thrown to the servlet container to cut off a response the upstream broke off, so
	 * that the client does not take it for whole.
	 */
	static final class UpstreamBrokeOffException extends IOException {

		UpstreamBrokeOffException(Throwable cause) {
			super("The upstream broke off its response: " + cause.getMessage(), cause);
		}

	}

	private static final class StreamedRequestBody extends RequestBody {

		private final HttpServletRequest request;

		private final @Nullable MediaType contentType;

		private final long length;

		StreamedRequestBody(HttpServletRequest request, @Nullable MediaType contentType, long length) {
			this.request = request;
			this.contentType = contentType;
			this.length = length;
		}

		@Override
		public @Nullable MediaType contentType() {
			return this.contentType;
		}

		@Override
		public long contentLength() {
			return this.length;
		}

		@Override
		public boolean isOneShot() {
			return true;
		}

		@Override
		public void writeTo(BufferedSink sink) throws IOException {
			try (Source source = Okio.source(this.request.getInputStream())) {
				sink.writeAll(source);
			}
		}

	}

	private static final class ServletHeaders implements HeaderReader {

		private final HttpServletRequest request;

		ServletHeaders(HttpServletRequest request) {
			this.request = request;
		}

		@Override
		public @Nullable String get(String name) {
			return this.request.getHeader(name);
		}

		@Override
		public void forEach(BiConsumer<String, String> action) {
			for (String name : Collections.list(this.request.getHeaderNames())) {
				for (String value : Collections.list(this.request.getHeaders(name))) {
					action.accept(name, value);
				}
			}
		}

	}

}
