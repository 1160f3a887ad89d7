package io.llmmonitor.proxy;

import java.io.IOException;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;

import io.llmmonitor.record.LlmCallContext;
import jakarta.servlet.http.HttpServletRequest;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;
import okio.Okio;
import okio.Source;
import org.jspecify.annotations.Nullable;

/**
 * What the proxy sends upstream for a client's request: its headers, less the hop-by-hop
 * ones and the {@code X-LLM-*} metadata (read into the call's metadata instead), with the
 * upstream key in place of a proxy key; and its body.
 */
final class ForwardedRequests {

	private static final Set<String> REQUEST_HEADERS_NOT_FORWARDED = Set.of("connection", "keep-alive",
			"proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
			"content-length", "expect");

	private ForwardedRequests() {
	}

	/**
	 * The headers forwarded upstream.
	 * @param request the client's request
	 * @param key the proxy key the client presented, or {@code null} without proxy keys
	 * @param llmCall whether the request is an LLM call
	 * @param metadata where the {@code X-LLM-*} headers go
	 * @param anthropic whether the request is on the Anthropic route, whose key goes in
	 * {@code x-api-key}
	 * @return the headers
	 */
	static Headers headers(HttpServletRequest request, @Nullable ProxyKey key, boolean llmCall,
			LlmCallContext.Builder metadata, boolean anthropic) {
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
			if (key != null
					&& (lower.equals("authorization") || lower.equals("api-key") || lower.equals("x-api-key"))) {
				azureStyleKey |= lower.equals("api-key");
				continue;
			}
			for (String value : Collections.list(request.getHeaders(name))) {
				headers.addUnsafeNonAscii(name, value);
			}
		}
		if (key != null && anthropic) {
			if (key.anthropicUpstreamKey() != null) {
				headers.set("x-api-key", key.anthropicUpstreamKey());
			}
		}
		else if (key != null && key.upstreamKey() != null) {
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

	static @Nullable MediaType contentType(HttpServletRequest request) {
		String contentType = request.getContentType();
		return (contentType != null) ? MediaType.parse(contentType) : null;
	}

	static @Nullable RequestBody streamedBody(HttpServletRequest request, String method) {
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

}
