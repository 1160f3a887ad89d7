package io.llmmonitor.record;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * When a call started and how long it took.
 *
 * @param startedAt when the call started
 * @param latencyMs time from the request to the end of the response
 * @param timeToFirstTokenMs time from the request to the first content chunk of a stream
 * @since 0.1.0
 */
public record CallTiming(Instant startedAt, long latencyMs, @Nullable Long timeToFirstTokenMs) {

	public CallTiming {
		Assert.notNull(startedAt, "'startedAt' must not be null");
	}

}
