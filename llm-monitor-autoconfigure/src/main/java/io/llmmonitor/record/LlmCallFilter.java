package io.llmmonitor.record;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Criteria that select stored calls. Every criterion is optional; set ones are combined
 * with AND.
 *
 * @param project project of the call
 * @param model served model (or requested model when none was served)
 * @param provider provider
 * @param operation operation
 * @param source capture point
 * @param status success or error
 * @param threadId thread id
 * @param userId user id
 * @param tag a tag the call carries
 * @param attributeName name of an attribute the call carries
 * @param attributeValue value that attribute must have
 * @param from earliest start, inclusive
 * @param to latest start, exclusive
 * @since 0.1.0
 */
public record LlmCallFilter(@Nullable String project, @Nullable String model, @Nullable String provider,
		@Nullable String operation, @Nullable CallSource source, @Nullable CallStatus status, @Nullable String threadId,
		@Nullable String userId, @Nullable String tag, @Nullable String attributeName, @Nullable String attributeValue,
		@Nullable Instant from, @Nullable Instant to) {

	/** A filter that selects every call. */
	public static final LlmCallFilter ALL = new LlmCallFilter(null, null, null, null, null, null, null, null, null,
			null, null, null, null);

	/**
	 * Return a copy restricted to the given time window.
	 * @param from earliest start, inclusive
	 * @param to latest start, exclusive
	 * @return the copy
	 */
	public LlmCallFilter withWindow(@Nullable Instant from, @Nullable Instant to) {
		return new LlmCallFilter(this.project, this.model, this.provider, this.operation, this.source, this.status,
				this.threadId, this.userId, this.tag, this.attributeName, this.attributeValue, from, to);
	}

}
