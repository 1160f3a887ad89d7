package io.llmmonitor.capture;

import org.jspecify.annotations.Nullable;

/**
 * Trace and span ids of the current span, read when a call starts.
 *
 * @param traceId the trace id
 * @param spanId the span id
 * @since 0.1.0
 */
public record TraceIds(String traceId, String spanId) {

	/**
	 * Supplies the ids of the current span, if any.
	 */
	@FunctionalInterface
	public interface Provider {

		/** A provider that never knows a span. */
		Provider NONE = () -> null;

		/**
		 * Return the ids of the current span.
		 * @return the ids, or {@code null} outside a span
		 */
		@Nullable TraceIds current();

	}

}
