package io.llmmonitor.record;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What each writer thread does: take batches from the queue, redact them, and save, spill
 * or hold them; at stop, drain the queue until the deadline and hand on what is left.
 * Shared by the threads of one {@link LlmCallWriter}.
 */
final class BatchLoop {

	private static final Log logger = LogFactory.getLog(LlmCallWriter.class);

	private final BlockingQueue<LlmCall> queue;

	private final int capacity;

	private final int batchSize;

	private final long flushIntervalNanos;

	private final UnaryOperator<LlmCall> beforeStore;

	private final BatchSaver saver;

	private final StoreStatus status;

	private final Retention retention;

	private final DroppedRecords dropped;

	/** Records offered and not yet taken: callers wake the writers at a full batch. */
	private final AtomicInteger pending = new AtomicInteger();

	private final AtomicInteger parked = new AtomicInteger();

	private volatile @Nullable CallSpill spill;

	private volatile boolean stopping;

	private volatile long deadlineNanos;

	BatchLoop(BlockingQueue<LlmCall> queue, int capacity, int batchSize, long flushIntervalNanos,
			UnaryOperator<LlmCall> beforeStore, BatchSaver saver, StoreStatus status, Retention retention,
			DroppedRecords dropped) {
		this.queue = queue;
		this.capacity = capacity;
		this.batchSize = batchSize;
		this.flushIntervalNanos = flushIntervalNanos;
		this.beforeStore = beforeStore;
		this.saver = saver;
		this.status = status;
		this.retention = retention;
		this.dropped = dropped;
	}

	/**
	 * Queue a call, waking the writers only for a full batch: they wake on their own
	 * every flush interval, so most calls pay no more than the offer. A writer waiting
	 * for the store to come back is not woken.
	 * @param call the call
	 * @param writers the threads to wake
	 * @return whether the queue took it
	 */
	boolean offer(LlmCall call, List<WriterThread> writers) {
		if (!this.queue.offer(call)) {
			return false;
		}
		if (this.pending.incrementAndGet() >= this.batchSize && this.parked.get() > 0 && !this.status.waiting()) {
			for (WriterThread writer : writers) {
				LockSupport.unpark(writer.thread);
			}
		}
		return true;
	}

	void start(@Nullable CallSpill spill) {
		this.spill = spill;
		this.stopping = false;
	}

	void stopBy(long deadlineNanos) {
		this.deadlineNanos = deadlineNanos;
		this.stopping = true;
	}

	boolean stopping() {
		return this.stopping;
	}

	@Nullable CallSpill spill() {
		return this.spill;
	}

	/**
	 * Every flush interval, or as soon as callers have queued a full batch: write what is
	 * queued, in batches. Callers never wake the writers for a single record.
	 * @param self the thread's own state
	 */
	void run(WriterThread self) {
		List<LlmCall> batch = self.batch;
		while (!this.stopping) {
			take(self);
			if (!batch.isEmpty()) {
				write(self);
			}
			if (self.purges && this.status.available()) {
				this.retention.purgeIfDue();
			}
			if (!batch.isEmpty() && this.status.waiting()) {
				LockSupport.parkNanos(this, this.status.nanosUntilRetry());
			}
			else if (this.pending.get() < this.batchSize && !this.stopping) {
				this.parked.incrementAndGet();
				if (this.pending.get() < this.batchSize) {
					LockSupport.parkNanos(this, this.flushIntervalNanos);
				}
				this.parked.decrementAndGet();
			}
		}
		finish(self);
	}

	// Until the deadline, write what is queued; past it, spill it or count it.
	private void finish(WriterThread self) {
		List<LlmCall> batch = self.batch;
		while (true) {
			take(self);
			if (batch.isEmpty()) {
				return;
			}
			long left = this.deadlineNanos - System.nanoTime();
			if (left <= 0 || Thread.currentThread().isInterrupted()) {
				abandon(batch);
				self.clear();
			}
			else if (this.status.waiting() && this.spill == null) {
				LockSupport.parkNanos(this, Math.min(this.status.nanosUntilRetry(), left));
			}
			else {
				write(self);
			}
		}
	}

	// Top the thread's batch up from the queue, redacting what it takes.
	private void take(WriterThread self) {
		List<LlmCall> batch = self.batch;
		int before = batch.size();
		int drained = this.queue.drainTo(batch, this.batchSize - before);
		if (drained > 0) {
			this.pending.addAndGet(-drained);
			for (int i = before; i < batch.size(); i++) {
				batch.set(i, this.beforeStore.apply(batch.get(i)));
			}
		}
		self.holding();
	}

	// Save or spill the batch. One the store cannot take stays with the thread for a
	// retry when there is no spill directory.
	private void write(WriterThread self) {
		List<LlmCall> batch = self.batch;
		CallSpill spill = this.spill;
		if (spill != null && (this.status.waiting() || this.queue.size() >= this.capacity / 4 * 3)) {
			spillOrDrop(batch, this.dropped.spillError);
			self.clear();
			return;
		}
		if (this.status.waiting()) {
			return;
		}
		if (this.saver.save(batch)) {
			self.accounted();
		}
		else if (self.surrendered()) {
			batch.clear();
		}
		else if (spill != null) {
			spillOrDrop(batch, this.dropped.spillError);
			self.clear();
		}
	}

	/**
	 * Hand on what is still queued once the threads have stopped: redacted, then spilled
	 * or counted as dropped at shutdown.
	 */
	void abandonQueued() {
		List<LlmCall> left = new ArrayList<>();
		this.queue.drainTo(left);
		left.replaceAll(this.beforeStore);
		abandon(left);
	}

	// Records that cannot be written by the deadline: to the spill directory, else
	// counted.
	private void abandon(List<LlmCall> calls) {
		for (int from = 0; from < calls.size(); from += this.batchSize) {
			spillOrDrop(calls.subList(from, Math.min(from + this.batchSize, calls.size())), this.dropped.shutdown);
		}
	}

	private void spillOrDrop(List<LlmCall> calls, AtomicLong reason) {
		CallSpill spill = this.spill;
		if (spill != null && spill.append(calls)) {
			return;
		}
		if (reason.getAndAdd(calls.size()) == 0 && reason != this.dropped.shutdown) {
			logger.warn("llm-monitor could not spill " + calls.size() + " call records and dropped them"
					+ " (counted in llm_monitor_records_dropped_total{reason=\"spill_error\"})");
		}
	}

}
