package io.llmmonitor.capture;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What the HTTP layer saw of one model request made inside a {@code ChatClient} call: the
 * provider its host names, the response status, and the request id and rate-limit
 * headers, kept as attributes.
 *
 * @param provider the provider
 * @param httpStatus the response status
 * @param attributes request id and rate-limit headers by (lower-case) header name
 * @param baseUrl the upstream's base URL, or {@code null}
 * @since 0.1.0
 */
public record HttpDetails(String provider, int httpStatus, Map<String, String> attributes, @Nullable String baseUrl) {

	public HttpDetails {
		attributes = Map.copyOf(attributes);
	}

	/**
	 * Details without a base URL.
	 * @param provider the provider
	 * @param httpStatus the response status
	 * @param attributes request id and rate-limit headers by (lower-case) header name
	 */
	public HttpDetails(String provider, int httpStatus, Map<String, String> attributes) {
		this(provider, httpStatus, attributes, null);
	}

}
