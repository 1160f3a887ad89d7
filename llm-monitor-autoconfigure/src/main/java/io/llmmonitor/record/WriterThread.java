package io.llmmonitor.record;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One writer thread and the batch it holds. The batch's size is published so that a stop
 * that outlives the thread's last database call can count the records as dropped; the
 * thread then takes them back from that count if the call did write them.
 */
final class WriterThread {

	final Thread thread;

	final boolean purges;

	final List<LlmCall> batch;

	private final AtomicInteger held = new AtomicInteger();

	private final AtomicLong droppedAtShutdown;

	private volatile boolean surrendered;

	WriterThread(Consumer<WriterThread> loop, boolean purges, int batchSize, AtomicLong droppedAtShutdown,
			String name) {
		this.purges = purges;
		this.batch = new ArrayList<>(batchSize);
		this.droppedAtShutdown = droppedAtShutdown;
		this.thread = new Thread(() -> loop.accept(this), name);
		this.thread.setDaemon(true);
	}

	/** Publish the size of the batch. */
	void holding() {
		if (!this.surrendered) {
			this.held.set(this.batch.size());
		}
	}

	/** The batch is written or counted: forget it. */
	void accounted() {
		int size = this.batch.size();
		this.batch.clear();
		if (this.held.getAndSet(0) == 0 && this.surrendered) {
			this.droppedAtShutdown.addAndGet(-size);
		}
	}

	/** The batch was handed on (spilled or counted) by the thread itself. */
	void clear() {
		this.batch.clear();
		this.held.set(0);
	}

	boolean surrendered() {
		return this.surrendered;
	}

	/**
	 * Count the held batch as dropped at shutdown, unless the thread has accounted for
	 * it.
	 * @return the records counted
	 */
	int surrender() {
		this.surrendered = true;
		int held = this.held.getAndSet(0);
		this.droppedAtShutdown.addAndGet(held);
		return held;
	}

}
