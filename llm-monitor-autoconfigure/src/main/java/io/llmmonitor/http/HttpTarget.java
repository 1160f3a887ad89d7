package io.llmmonitor.http;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Where an LLM request went, as much as naming its provider needs.
 *
 * @param scheme the request scheme, {@code null} taken as {@code https}
 * @param host the request host
 * @param port the request port, or -1
 * @param rawPath the request path as sent
 * @param azureKey whether the request carried Azure's {@code api-key} header
 * @param anthropicVersion whether the request carried Anthropic's
 * {@code anthropic-version} header
 */
record HttpTarget(@Nullable String scheme, @Nullable String host, int port, @Nullable String rawPath, boolean azureKey,
		boolean anthropicVersion) {

	/**
	 * Name the provider that served the request.
	 * @param responseHint the provider the response body points to, or {@code null}
	 * @return the provider
	 */
	String provider(@Nullable String responseHint) {
		return OpenAiApi.provider(this.host, this.port, this.rawPath, this.azureKey, this.anthropicVersion,
				responseHint);
	}

	/**
	 * The upstream's base URL: scheme, host, port when not the scheme's default, and the
	 * path before the operation.
	 * @return the base URL, or {@code null} without a host
	 */
	@Nullable String baseUrl() {
		if (this.host == null) {
			return null;
		}
		String scheme = (this.scheme != null) ? this.scheme.toLowerCase(Locale.ROOT) : "https";
		boolean defaultPort = this.port == -1 || (this.port == 443 && "https".equals(scheme))
				|| (this.port == 80 && "http".equals(scheme));
		String host = (this.host.indexOf(':') >= 0 && !this.host.startsWith("[")) ? "[" + this.host + "]" : this.host;
		return scheme + "://" + host + (defaultPort ? "" : ":" + this.port) + OpenAiApi.basePath(this.rawPath);
	}

}
