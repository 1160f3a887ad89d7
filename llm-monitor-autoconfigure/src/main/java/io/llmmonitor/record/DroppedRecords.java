package io.llmmonitor.record;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The records a writer dropped, by reason.
 */
final class DroppedRecords {

	final AtomicLong queueFull = new AtomicLong();

	final AtomicLong storeError = new AtomicLong();

	final AtomicLong shutdown = new AtomicLong();

	final AtomicLong spillFull = new AtomicLong();

	final AtomicLong spillError = new AtomicLong();

	long count(String reason) {
		return switch (reason) {
			case LlmCallWriter.DROPPED_QUEUE_FULL -> this.queueFull.get();
			case LlmCallWriter.DROPPED_STORE_ERROR -> this.storeError.get();
			case LlmCallWriter.DROPPED_SHUTDOWN -> this.shutdown.get();
			case LlmCallWriter.DROPPED_SPILL_FULL -> this.spillFull.get();
			case LlmCallWriter.DROPPED_SPILL_ERROR -> this.spillError.get();
			default -> throw new IllegalArgumentException("Unknown drop reason '" + reason + "'");
		};
	}

}
