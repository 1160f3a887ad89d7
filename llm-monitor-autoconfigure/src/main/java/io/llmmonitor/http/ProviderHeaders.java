package io.llmmonitor.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The response headers of a provider kept on the record, by lower-case name: its request
 * id and its rate-limit headers (OpenAI's {@code x-ratelimit-*}, Anthropic's
 * {@code anthropic-ratelimit-*}).
 */
final class ProviderHeaders implements BiConsumer<String, String> {

	private static final String RATE_LIMIT_PREFIX = "x-ratelimit-";

	private static final String ANTHROPIC_RATE_LIMIT_PREFIX = "anthropic-ratelimit-";

	private static final List<String> REQUEST_ID_HEADERS = List.of("x-request-id", "request-id", "apim-request-id");

	/** Made only once a header is kept: most answers pass a handful of headers. */
	private Map<String, String> kept = Map.of();

	private ProviderHeaders() {
	}

	/**
	 * Return the headers kept from a response.
	 * @param headers the response headers
	 * @return the kept headers by lower-case name
	 */
	static Map<String, String> of(HeaderReader headers) {
		ProviderHeaders kept = new ProviderHeaders();
		headers.forEach(kept);
		return kept.kept;
	}

	@Override
	public void accept(String name, String value) {
		if (!isKept(name)) {
			return;
		}
		if (this.kept.isEmpty()) {
			this.kept = new LinkedHashMap<>();
		}
		this.kept.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
	}

	private static boolean isKept(String name) {
		if (name.regionMatches(true, 0, RATE_LIMIT_PREFIX, 0, RATE_LIMIT_PREFIX.length())
				|| name.regionMatches(true, 0, ANTHROPIC_RATE_LIMIT_PREFIX, 0, ANTHROPIC_RATE_LIMIT_PREFIX.length())) {
			return true;
		}
		for (String requestId : REQUEST_ID_HEADERS) {
			if (requestId.equalsIgnoreCase(name)) {
				return true;
			}
		}
		return false;
	}

}
