package io.llmmonitor.http;

import org.jspecify.annotations.Nullable;

/**
 * Where an LLM request went, as much as naming its provider needs.
 *
 * @param host the request host
 * @param port the request port, or -1
 * @param rawPath the request path as sent
 * @param azureKey whether the request carried Azure's {@code api-key} header
 */
record HttpTarget(@Nullable String host, int port, @Nullable String rawPath, boolean azureKey) {

	/**
	 * Name the provider that served the request.
	 * @param responseHint the provider the response body points to, or {@code null}
	 * @return the provider
	 */
	String provider(@Nullable String responseHint) {
		return OpenAiApi.provider(this.host, this.port, this.rawPath, this.azureKey, responseHint);
	}

}
