package io.llmmonitor.proxy;

import java.util.Collections;
import java.util.function.BiConsumer;

import io.llmmonitor.http.HeaderReader;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * {@link HeaderReader} over the headers of a servlet request.
 */
final class ServletHeaders implements HeaderReader {

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
