package io.llmmonitor.capture;

import io.llmmonitor.record.CallTrace;

/**
 * Supplies the trace and span ids of the current span when a call starts.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface CurrentTrace {

	/** Never inside a span. */
	CurrentTrace NONE = () -> CallTrace.NONE;

	/**
	 * Return the ids of the current span.
	 * @return the ids, {@link CallTrace#NONE} outside a span
	 */
	CallTrace get();

}
