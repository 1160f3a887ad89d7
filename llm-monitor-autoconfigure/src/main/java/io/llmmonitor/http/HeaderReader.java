package io.llmmonitor.http;

import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

/**
 * Read access to the headers of a request or response, whatever the HTTP client.
 *
 * @since 0.1.0
 */
public interface HeaderReader {

	/** No headers. */
	HeaderReader NONE = new HeaderReader() {

		@Override
		public @Nullable String get(String name) {
			return null;
		}

		@Override
		public void forEach(BiConsumer<String, String> action) {
		}

	};

	/**
	 * Return the first value of a header.
	 * @param name the header name, case-insensitive
	 * @return the value, or {@code null}
	 */
	@Nullable String get(String name);

	/**
	 * Visit every header value.
	 * @param action receives each name and value
	 */
	void forEach(BiConsumer<String, String> action);

}
