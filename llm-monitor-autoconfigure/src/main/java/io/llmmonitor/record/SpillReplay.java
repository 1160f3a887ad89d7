package io.llmmonitor.record;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The thread that writes spilled segments to the store, oldest first, while it takes
 * them; a segment the store does not take stays for the next attempt.
 */
final class SpillReplay implements Runnable {

	private final CallSpill spill;

	private final BatchSaver saver;

	private final StoreStatus status;

	private final long idleNanos;

	private final BooleanSupplier stopping;

	SpillReplay(CallSpill spill, BatchSaver saver, StoreStatus status, long idleNanos, BooleanSupplier stopping) {
		this.spill = spill;
		this.saver = saver;
		this.status = status;
		this.idleNanos = idleNanos;
		this.stopping = stopping;
	}

	Thread start() {
		Thread thread = new Thread(this, "llm-monitor-spill-replay");
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	@Override
	public void run() {
		while (!this.stopping.getAsBoolean()) {
			CallSpill.Replay replay = this.status.waiting() ? null : this.spill.oldest();
			if (replay == null) {
				LockSupport.parkNanos(this, this.status.waiting() ? this.status.nanosUntilRetry() : this.idleNanos);
				continue;
			}
			if (this.saver.save(replay.calls())) {
				this.spill.remove(replay);
			}
			else {
				this.spill.release(replay);
			}
		}
	}

}
