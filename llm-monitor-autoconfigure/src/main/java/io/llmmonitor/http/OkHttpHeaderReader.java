package io.llmmonitor.http;

import java.util.function.BiConsumer;

import okhttp3.Headers;
import org.jspecify.annotations.Nullable;

/**
 * {@link HeaderReader} over OkHttp {@link Headers}.
 *
 * @since 0.1.0
 */
public final class OkHttpHeaderReader implements HeaderReader {

	private final Headers headers;

	/**
	 * Read the given headers.
	 * @param headers the headers
	 */
	public OkHttpHeaderReader(Headers headers) {
		this.headers = headers;
	}

	@Override
	public @Nullable String get(String name) {
		return this.headers.get(name);
	}

	@Override
	public void forEach(BiConsumer<String, String> action) {
		for (int i = 0; i < this.headers.size(); i++) {
			action.accept(this.headers.name(i), this.headers.value(i));
		}
	}

}
