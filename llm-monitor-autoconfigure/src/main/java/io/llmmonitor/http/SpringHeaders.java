package io.llmmonitor.http;

import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * {@link HeaderReader} over Spring's {@link HttpHeaders}.
 */
final class SpringHeaders implements HeaderReader {

	private final HttpHeaders headers;

	SpringHeaders(HttpHeaders headers) {
		this.headers = headers;
	}

	@Override
	public @Nullable String get(String name) {
		return this.headers.getFirst(name);
	}

	@Override
	public void forEach(BiConsumer<String, String> action) {
		this.headers.forEach((name, values) -> values.forEach((value) -> action.accept(name, value)));
	}

}
