package io.llmmonitor.record;

import org.jspecify.annotations.Nullable;

/**
 * The span a call was made in, when Micrometer Tracing is present.
 *
 * @param traceId the trace id
 * @param spanId the span id
 * @since 0.1.0
 */
public record CallTrace(@Nullable String traceId, @Nullable String spanId) {

	/** Outside any span. */
	public static final CallTrace NONE = new CallTrace(null, null);

}
