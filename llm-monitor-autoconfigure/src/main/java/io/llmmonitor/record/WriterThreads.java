package io.llmmonitor.record;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * The threads of one running {@link LlmCallWriter}: its writers and, with a spill
 * directory, the replay thread. Stopping joins them until a deadline, interrupts those
 * still waiting on the database, and counts the batches they hold.
 */
final class WriterThreads {

	private static final long GRACE_AFTER_INTERRUPT_NANOS = Duration.ofSeconds(1).toNanos();

	private final List<WriterThread> writers;

	private final List<Thread> all;

	private WriterThreads(List<WriterThread> writers, @Nullable Thread replay) {
		this.writers = List.copyOf(writers);
		List<Thread> all = new ArrayList<>();
		writers.forEach((writer) -> all.add(writer.thread));
		if (replay != null) {
			all.add(replay);
		}
		this.all = List.copyOf(all);
	}

	static WriterThreads start(BatchLoop loop, int count, int batchSize, AtomicLong droppedAtShutdown,
			@Nullable SpillReplay replay) {
		List<WriterThread> writers = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			String name = (count == 1) ? "llm-monitor-writer" : "llm-monitor-writer-" + (i + 1);
			writers.add(new WriterThread(loop::run, i == 0, batchSize, droppedAtShutdown, name));
		}
		writers.forEach((writer) -> writer.thread.start());
		return new WriterThreads(writers, (replay != null) ? replay.start() : null);
	}

	List<WriterThread> writers() {
		return this.writers;
	}

	/**
	 * Wake the threads (the loop has been told to stop) and wait for them until the
	 * deadline. Threads give up at the deadline between batches; one waiting on the
	 * database is interrupted there, and has a moment to account for its batch.
	 * @param deadlineNanos the deadline on {@link System#nanoTime()}
	 * @return the records still held by writers, now counted as dropped at shutdown
	 */
	int stop(long deadlineNanos) {
		this.all.forEach(LockSupport::unpark);
		joinUntil(deadlineNanos);
		this.all.forEach(Thread::interrupt);
		joinUntil(System.nanoTime() + GRACE_AFTER_INTERRUPT_NANOS);
		int held = 0;
		for (WriterThread writer : this.writers) {
			held += writer.surrender();
		}
		return held;
	}

	boolean allEnded() {
		return this.all.stream().noneMatch(Thread::isAlive);
	}

	private void joinUntil(long deadlineNanos) {
		try {
			for (Thread thread : this.all) {
				long left = deadlineNanos - System.nanoTime();
				if (left > 0) {
					thread.join(Math.max(left / 1_000_000, 1));
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
