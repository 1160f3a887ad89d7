package io.llmmonitor.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallFilter;
import io.llmmonitor.record.LlmCallPage;
import io.llmmonitor.record.LlmCallRepository;
import io.llmmonitor.record.LlmUsage;
import io.llmmonitor.record.LlmUsageGrouping;

/**
 * A store slower than the traffic: every batch takes 20 ms, whatever its size.
 */
class SlowRepository implements LlmCallRepository {

	final AtomicLong stored = new AtomicLong();

	@Override
	public void saveAll(List<LlmCall> calls) {
		try {
			Thread.sleep(20);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.stored.addAndGet(calls.size());
	}

	@Override
	public Optional<LlmCall> findById(String id) {
		return Optional.empty();
	}

	@Override
	public LlmCallPage find(LlmCallFilter filter, int limit, String before) {
		return new LlmCallPage(List.of(), null);
	}

	@Override
	public List<LlmUsage> usage(LlmCallFilter filter, LlmUsageGrouping grouping, Duration bucket) {
		return List.of();
	}

	@Override
	public int deleteStartedBefore(Instant instant) {
		return 0;
	}

}
