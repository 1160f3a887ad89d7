package io.llmmonitor.capture;

import java.util.Map;

/**
 * What the HTTP layer saw of one model request made inside a {@code ChatClient} call: the
 * provider its host names, the response status, and the request id and rate-limit
 * headers, kept as attributes.
 *
 * @param provider the provider
 * @param httpStatus the response status
 * @param attributes request id and rate-limit headers by (lower-case) header name
 * @since 0.1.0
 */
public record HttpDetails(String provider, int httpStatus, Map<String, String> attributes) {

	public HttpDetails {
		attributes = Map.copyOf(attributes);
	}

}
