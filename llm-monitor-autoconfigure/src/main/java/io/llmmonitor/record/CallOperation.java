package io.llmmonitor.record;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a call asked the model to do.
 *
 * @since 0.1.0
 */
public enum CallOperation {

	/** Chat completion. */
	CHAT,

	/** Legacy text completion. */
	COMPLETION,

	/** Embedding. */
	EMBEDDING,

	/** OpenAI's Responses API. */
	RESPONSES;

	private final String value = name().toLowerCase(Locale.ROOT);

	/**
	 * The operation as records, meters and the endpoints name it.
	 * @return {@code chat}, {@code completion}, {@code embedding} or {@code responses}
	 */
	@JsonValue
	public String value() {
		return this.value;
	}

	/**
	 * Return the operation with the given name.
	 * @param value {@code chat}, {@code completion}, {@code embedding} or
	 * {@code responses}, in any case
	 * @return the operation
	 * @throws IllegalArgumentException for any other value
	 */
	public static CallOperation of(String value) {
		for (CallOperation operation : values()) {
			if (operation.value.equalsIgnoreCase(value)) {
				return operation;
			}
		}
		throw new IllegalArgumentException("Unknown call operation '" + value + "'");
	}

	@Override
	public String toString() {
		return this.value;
	}

}
