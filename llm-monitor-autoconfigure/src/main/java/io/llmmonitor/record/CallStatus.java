package io.llmmonitor.record;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * How a call ended: with a response, or with an error.
 *
 * @since 0.1.0
 */
public enum CallStatus {

	/** The provider answered and the answer could be read. */
	SUCCESS,

	/** The call failed: an error answer, no answer, or one that could not be read. */
	ERROR;

	private final String value = name().toLowerCase(Locale.ROOT);

	/**
	 * The status as records, meters and the endpoints name it.
	 * @return {@code success} or {@code error}
	 */
	@JsonValue
	public String value() {
		return this.value;
	}

	/**
	 * Return the status with the given name.
	 * @param value {@code success} or {@code error}, in any case
	 * @return the status
	 * @throws IllegalArgumentException for any other value
	 */
	public static CallStatus of(String value) {
		for (CallStatus status : values()) {
			if (status.value.equalsIgnoreCase(value)) {
				return status;
			}
		}
		throw new IllegalArgumentException("Unknown call status '" + value + "'");
	}

	@Override
	public String toString() {
		return this.value;
	}

}
