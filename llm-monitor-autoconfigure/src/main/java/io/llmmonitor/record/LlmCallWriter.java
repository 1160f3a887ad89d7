package io.llmmonitor.record;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Writes calls to the {@link LlmCallRepository} from background threads (one by default).
 * Callers only offer a record to a bounded queue: they are never blocked and never see a
 * store error. A full queue drops the record and counts it. Each thread takes a batch
 * from the queue and writes it when it is full or when the flush interval has passed; the
 * first thread also purges records older than the retention period. More than one thread
 * lets a database that takes concurrent transactions well (PostgreSQL) write batches side
 * by side.
 * <p>
 * While the store is away (its database down or its tables missing) a thread keeps its
 * batch and tries again with a growing delay; the queue fills and overflows, counted.
 * With a {@linkplain #setSpill spill directory}, batches go to local disk instead (also
 * when the queue is nearly full) and a replay thread writes them once the store is back.
 * At shutdown the threads drain the queue for at most the shutdown timeout; what is left
 * then is spilled, or counted as dropped, including the batches threads still hold.
 *
 * @since 0.1.0
 */
public class LlmCallWriter implements LlmCallHandler, SmartLifecycle {

	/** Drop reason: the queue was full. */
	public static final String DROPPED_QUEUE_FULL = "queue_full";

	/** Drop reason: the store rejected the record. */
	public static final String DROPPED_STORE_ERROR = "store_error";

	/**
	 * Drop reason: the writer had stopped or could not write it within the shutdown
	 * timeout.
	 */
	public static final String DROPPED_SHUTDOWN = "shutdown";

	/** Drop reason: deleted from the spill directory past its size cap. */
	public static final String DROPPED_SPILL_FULL = "spill_full";

	/** Drop reason: could not be written to or read from the spill directory. */
	public static final String DROPPED_SPILL_ERROR = "spill_error";

	/** Every drop reason. */
	public static final List<String> DROP_REASONS = List.of(DROPPED_QUEUE_FULL, DROPPED_STORE_ERROR, DROPPED_SHUTDOWN,
			DROPPED_SPILL_FULL, DROPPED_SPILL_ERROR);

	private static final Log logger = LogFactory.getLog(LlmCallWriter.class);

	private final BlockingQueue<LlmCall> queue;

	private final int capacity;

	private final int batchSize;

	private final int threadCount;

	private final long flushIntervalNanos;

	private final Retention retention;

	private final UnaryOperator<LlmCall> beforeStore;

	/** Records offered and not yet taken: callers wake the writers at a full batch. */
	private final AtomicInteger pending = new AtomicInteger();

	private final AtomicInteger parked = new AtomicInteger();

	private final DroppedRecords dropped = new DroppedRecords();

	private final StoreStatus status;

	private final BatchSaver saver;

	private final Object lifecycleMonitor = new Object();

	private Duration shutdownTimeout = Duration.ofSeconds(10);

	private @Nullable Path spillDirectory;

	private long spillMaxBytes;

	private volatile @Nullable CallSpill spill;

	private volatile List<WriterThread> threads = List.of();

	private volatile @Nullable Thread replayer;

	private volatile boolean stopping;

	private volatile long deadlineNanos;

	private volatile boolean stopped;

	/**
	 * Create a writer.
	 * @param repository where records go; with more than one thread, it is called
	 * concurrently
	 * @param capacity most records waiting to be written
	 * @param batchSize most records written in one batch
	 * @param threadCount threads writing batches side by side
	 * @param flushInterval longest time a record waits for its batch to fill
	 * @param retention age after which records are purged, or {@code null} to keep them
	 * @param clock the clock used for retention and for the times of store errors
	 * @param beforeStore what is done to each call on the writer's thread before it is
	 * stored or spilled (redaction of secrets)
	 */
	public LlmCallWriter(LlmCallRepository repository, int capacity, int batchSize, int threadCount,
			Duration flushInterval, @Nullable Duration retention, Clock clock, UnaryOperator<LlmCall> beforeStore) {
		Assert.notNull(repository, "'repository' must not be null");
		Assert.isTrue(capacity > 0, "'capacity' must be positive");
		Assert.isTrue(batchSize > 0, "'batchSize' must be positive");
		Assert.isTrue(threadCount > 0, "'threadCount' must be positive");
		Assert.isTrue(!flushInterval.isNegative() && !flushInterval.isZero(), "'flushInterval' must be positive");
		this.status = new StoreStatus(clock);
		this.saver = new BatchSaver(repository, this.dropped, this.status);
		this.capacity = capacity;
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.batchSize = batchSize;
		this.threadCount = threadCount;
		this.flushIntervalNanos = flushInterval.toNanos();
		this.retention = new Retention(repository, retention, clock);
		this.beforeStore = beforeStore;
	}

	/**
	 * Set how long stopping may take: the threads write what they can until then, and
	 * what is left is spilled or counted as dropped. Ten seconds by default.
	 * @param shutdownTimeout the timeout
	 */
	public void setShutdownTimeout(Duration shutdownTimeout) {
		Assert.isTrue(!shutdownTimeout.isNegative(), "'shutdownTimeout' must not be negative");
		this.shutdownTimeout = shutdownTimeout;
	}

	/**
	 * Spill batches to a local directory while the store cannot take them. Takes effect
	 * at the next start.
	 * @param directory the directory, created when missing; one per process
	 * @param maxBytes most bytes kept there, past which the oldest records are deleted
	 * and counted
	 */
	public void setSpill(Path directory, long maxBytes) {
		Assert.notNull(directory, "'directory' must not be null");
		Assert.isTrue(maxBytes > 0, "'maxBytes' must be positive");
		this.spillDirectory = directory;
		this.spillMaxBytes = maxBytes;
	}

	/**
	 * Set the longest delay between attempts while the store is away. Fifteen seconds by
	 * default.
	 * @param maxRetryDelay the delay
	 */
	public void setMaxRetryDelay(Duration maxRetryDelay) {
		Assert.isTrue(maxRetryDelay.compareTo(StoreStatus.INITIAL_RETRY_DELAY) >= 0,
				"'maxRetryDelay' must be at least " + StoreStatus.INITIAL_RETRY_DELAY);
		this.status.setMaxRetryDelay(maxRetryDelay);
	}

	@Override
	public void handle(LlmCall call) {
		if (this.stopped) {
			this.dropped.shutdown.incrementAndGet();
			return;
		}
		if (this.queue.offer(call)) {
			// Wake the writers only for a full batch: they wake on their own every flush
			// interval, so most calls pay no more than the offer. A writer waiting for
			// the store to come back is not woken.
			if (this.pending.incrementAndGet() >= this.batchSize && this.parked.get() > 0 && !this.status.waiting()) {
				for (WriterThread writer : this.threads) {
					LockSupport.unpark(writer.thread);
				}
			}
		}
		else if (this.dropped.queueFull.getAndIncrement() == 0) {
			logger.warn("llm-monitor's record queue is full (" + this.capacity
					+ "): records are dropped and counted in llm_monitor_records_dropped_total;"
					+ " raise llm.monitor.store.queue-capacity, set llm.monitor.store.spill-dir or check the database");
		}
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (!this.threads.isEmpty()) {
				return;
			}
			this.stopping = false;
			this.stopped = false;
			Path directory = this.spillDirectory;
			CallSpill spill = (directory != null) ? new CallSpill(directory, this.spillMaxBytes, this.dropped) : null;
			this.spill = spill;
			List<WriterThread> writers = new ArrayList<>(this.threadCount);
			for (int i = 0; i < this.threadCount; i++) {
				writers.add(new WriterThread(this::run, i == 0, this.batchSize, this.dropped.shutdown,
						(this.threadCount == 1) ? "llm-monitor-writer" : "llm-monitor-writer-" + (i + 1)));
			}
			this.threads = List.copyOf(writers);
			writers.forEach((writer) -> writer.thread.start());
			if (spill != null) {
				this.replayer = new SpillReplay(spill, this.saver, this.status, this.flushIntervalNanos,
						() -> this.stopping)
					.start();
			}
		}
	}

	@Override
	public void stop() {
		List<WriterThread> writers;
		long droppedBefore;
		synchronized (this.lifecycleMonitor) {
			writers = this.threads;
			if (writers.isEmpty()) {
				return;
			}
			this.deadlineNanos = System.nanoTime() + this.shutdownTimeout.toNanos();
			droppedBefore = this.dropped.shutdown.get();
			this.stopping = true;
			writers.forEach((writer) -> LockSupport.unpark(writer.thread));
		}
		List<Thread> all = new ArrayList<>();
		writers.forEach((writer) -> all.add(writer.thread));
		Thread replay = this.replayer;
		if (replay != null) {
			LockSupport.unpark(replay);
			all.add(replay);
		}
		// Threads give up at the deadline between batches; one waiting on the database
		// is interrupted there, and has a moment to account for its batch.
		joinUntil(all, this.deadlineNanos);
		all.forEach(Thread::interrupt);
		joinUntil(all, System.nanoTime() + Duration.ofSeconds(1).toNanos());
		synchronized (this.lifecycleMonitor) {
			this.stopped = true;
			this.threads = List.of();
			this.replayer = null;
			List<LlmCall> left = new ArrayList<>();
			this.queue.drainTo(left);
			left.replaceAll(this.beforeStore);
			abandon(left);
			int held = 0;
			for (WriterThread writer : writers) {
				held += writer.surrender();
			}
			if (held > 0) {
				logger.warn("llm-monitor's writer threads still wait on the store with " + held
						+ " call records after the shutdown timeout");
			}
			long lost = this.dropped.shutdown.get() - droppedBefore;
			if (lost > 0) {
				logger.warn("llm-monitor stopped without writing " + lost
						+ " call records within its shutdown timeout (" + this.shutdownTimeout
						+ "): counted in llm_monitor_records_dropped_total{reason=\"shutdown\"}");
			}
			CallSpill spill = this.spill;
			if (spill != null && spill.records() > 0) {
				logger.info("llm-monitor leaves " + spill.records() + " call records in " + spill.directory()
						+ ", to be written when it next starts");
			}
			if (spill != null && all.stream().noneMatch(Thread::isAlive)) {
				spill.close();
			}
		}
	}

	private static void joinUntil(List<Thread> threads, long deadlineNanos) {
		try {
			for (Thread thread : threads) {
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

	@Override
	public boolean isRunning() {
		return !this.threads.isEmpty();
	}

	@Override
	public int getPhase() {
		// Stop after the web server: calls of the requests in flight are still written.
		return SmartLifecycle.DEFAULT_PHASE - 4096;
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

	/**
	 * Delete the records older than the retention period.
	 * @return the number of records deleted
	 */
	public int purge() {
		return this.retention.purge();
	}

	/**
	 * Threads writing batches.
	 * @return the number of threads
	 */
	public int threadCount() {
		return this.threadCount;
	}

	/**
	 * Records waiting to be written.
	 * @return the queue size
	 */
	public int queueSize() {
		return this.queue.size();
	}

	/**
	 * Records written so far.
	 * @return the count
	 */
	public long written() {
		return this.saver.written();
	}

	/**
	 * Records dropped so far for the given reason.
	 * @param reason one of the {@link #DROP_REASONS}
	 * @return the count
	 */
	public long dropped(String reason) {
		return this.dropped.count(reason);
	}

	/**
	 * The writer's state as it knows it, without asking the store.
	 * @return the state
	 */
	public WriterStatus status() {
		CallSpill spill = this.spill;
		Map<String, Long> dropped = new LinkedHashMap<>();
		DROP_REASONS.forEach((reason) -> dropped.put(reason, this.dropped.count(reason)));
		WriterStatus.Spill spilled = (spill != null) ? spill.view() : null;
		return new WriterStatus(isRunning(), this.status.available(), this.status.awaySince(), this.status.lastError(),
				this.status.lastErrorAt(), this.queue.size(), this.capacity, spilled, written(), dropped);
	}

}
