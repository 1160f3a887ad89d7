package io.llmmonitor.record;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which capture point saw a call.
 *
 * @since 0.1.0
 */
public enum CallSource {

	/** The ChatClient advisor. */
	ADVISOR,

	/** An HTTP client interceptor (RestClient, WebClient, OkHttp). */
	HTTP,

	/** The monitoring proxy. */
	PROXY;

	private final String value = name().toLowerCase(Locale.ROOT);

	/**
	 * The source as records, meters and the endpoints name it.
	 * @return {@code advisor}, {@code http} or {@code proxy}
	 */
	@JsonValue
	public String value() {
		return this.value;
	}

	/**
	 * Return the source with the given name.
	 * @param value {@code advisor}, {@code http} or {@code proxy}, in any case
	 * @return the source
	 * @throws IllegalArgumentException for any other value
	 */
	public static CallSource of(String value) {
		for (CallSource source : values()) {
			if (source.value.equalsIgnoreCase(value)) {
				return source;
			}
		}
		throw new IllegalArgumentException("Unknown call source '" + value + "'");
	}

	@Override
	public String toString() {
		return this.value;
	}

}
