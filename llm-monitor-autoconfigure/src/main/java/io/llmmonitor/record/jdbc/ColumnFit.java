package io.llmmonitor.record.jdbc;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Text made to fit the store's columns, so one call's long project name or a NUL in its
 * model cannot fail the insert of a whole batch: NUL characters (which PostgreSQL
 * rejects) are removed from every value, and values of bounded columns are cut to their
 * length, never inside a surrogate pair, ending in {@value #CUT} so that a reader sees
 * the value was cut.
 */
final class ColumnFit {

	/** The last character of a value that was cut to fit its column. */
	static final String CUT = "\u2026";

	/** Length of the project, model, user, thread, tag and attribute name columns. */
	static final int NAME = 255;

	/** Length of the attribute value column. */
	static final int ATTRIBUTE_VALUE = 1024;

	private static final Map<String, Integer> CALL_COLUMNS = Map.ofEntries(Map.entry("project", NAME),
			Map.entry("source", 16), Map.entry("provider", 64), Map.entry("base_url", 512),
			Map.entry("proxy_key", NAME), Map.entry("environment", 64), Map.entry("operation", 32),
			Map.entry("requested_model", NAME), Map.entry("model", NAME), Map.entry("response_id", NAME),
			Map.entry("finish_reason", 64), Map.entry("status", 16), Map.entry("error_type", NAME),
			Map.entry("exception_class", NAME), Map.entry("thread_id", NAME), Map.entry("user_id", NAME),
			Map.entry("client_id", NAME), Map.entry("trace_id", 64), Map.entry("span_id", 32));

	private ColumnFit() {
	}

	/**
	 * Fit a value to a column of {@code llm_call}.
	 * @param column the column
	 * @param value the value
	 * @return the value without NUL, cut to the column's length if it has one
	 */
	static @Nullable String callColumn(String column, @Nullable String value) {
		Integer length = CALL_COLUMNS.get(column);
		return (length != null) ? fit(value, length) : withoutNul(value);
	}

	/**
	 * Fit a value to a column of the given length.
	 * @param value the value
	 * @param length the column's length in characters
	 * @return the value without NUL, at most {@code length} characters long; one that was
	 * cut ends in {@value #CUT}
	 */
	static @Nullable String fit(@Nullable String value, int length) {
		String clean = withoutNul(value);
		if (clean == null || clean.length() <= length) {
			return clean;
		}
		int end = length - 1;
		if (Character.isHighSurrogate(clean.charAt(end - 1))) {
			end--;
		}
		return clean.substring(0, end) + CUT;
	}

	private static @Nullable String withoutNul(@Nullable String value) {
		return (value != null && value.indexOf('\0') >= 0) ? value.replace("\0", "") : value;
	}

}
