package io.llmmonitor.record;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A real repository behind a test's own {@link #saveAll}: everything else goes straight
 * to it.
 */
abstract class ForwardingLlmCallRepository implements LlmCallRepository {

	private final LlmCallRepository delegate;

	ForwardingLlmCallRepository(LlmCallRepository delegate) {
		this.delegate = delegate;
	}

	@Override
	public void saveAll(List<LlmCall> calls) {
		this.delegate.saveAll(calls);
	}

	@Override
	public Optional<LlmCall> findById(String id) {
		return this.delegate.findById(id);
	}

	@Override
	public LlmCallPage find(LlmCallFilter filter, int limit, @Nullable String before) {
		return this.delegate.find(filter, limit, before);
	}

	@Override
	public List<LlmUsage> usage(LlmCallFilter filter, LlmUsageGrouping grouping, @Nullable Duration bucket) {
		return this.delegate.usage(filter, grouping, bucket);
	}

	@Override
	public int deleteStartedBefore(Instant instant) {
		return this.delegate.deleteStartedBefore(instant);
	}

}
