package io.llmmonitor.record;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
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
 * first thread also purges records older than the retention period. The threads drain the
 * queue when the application stops. More than one thread lets a database that takes
 * concurrent transactions well (PostgreSQL) write batches side by side.
 *
 * @since 0.1.0
 */
public class LlmCallWriter implements LlmCallHandler, SmartLifecycle {

	/** Drop reason: the queue was full. */
	public static final String DROPPED_QUEUE_FULL = "queue_full";

	/** Drop reason: the store failed to write a batch. */
	public static final String DROPPED_STORE_ERROR = "store_error";

	/** Drop reason: the writer had stopped or could not drain in time. */
	public static final String DROPPED_SHUTDOWN = "shutdown";

	private static final Log logger = LogFactory.getLog(LlmCallWriter.class);

	private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

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

	private final BatchSaver saver;

	private final Object lifecycleMonitor = new Object();

	private volatile List<Thread> threads = List.of();

	private volatile boolean stopping;

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
	 * @param clock the clock used for retention
	 * @param beforeStore what is done to each call on the writer's thread before it is
	 * stored (redaction of secrets)
	 */
	public LlmCallWriter(LlmCallRepository repository, int capacity, int batchSize, int threadCount,
			Duration flushInterval, @Nullable Duration retention, Clock clock, UnaryOperator<LlmCall> beforeStore) {
		Assert.notNull(repository, "'repository' must not be null");
		Assert.isTrue(capacity > 0, "'capacity' must be positive");
		Assert.isTrue(batchSize > 0, "'batchSize' must be positive");
		Assert.isTrue(threadCount > 0, "'threadCount' must be positive");
		Assert.isTrue(!flushInterval.isNegative() && !flushInterval.isZero(), "'flushInterval' must be positive");
		this.saver = new BatchSaver(repository, this.dropped);
		this.capacity = capacity;
		this.queue = new ArrayBlockingQueue<>(capacity);
		this.batchSize = batchSize;
		this.threadCount = threadCount;
		this.flushIntervalNanos = flushInterval.toNanos();
		this.retention = new Retention(repository, retention, clock);
		this.beforeStore = beforeStore;
	}

	@Override
	public void handle(LlmCall call) {
		if (this.stopped) {
			this.dropped.shutdown.incrementAndGet();
			return;
		}
		if (this.queue.offer(call)) {
			// Wake the writers only for a full batch: they wake on their own every flush
			// interval, so most calls pay no more than the offer.
			if (this.pending.incrementAndGet() >= this.batchSize && this.parked.get() > 0) {
				for (Thread writer : this.threads) {
					LockSupport.unpark(writer);
				}
			}
		}
		else if (this.dropped.queueFull.getAndIncrement() == 0) {
			logger.warn("llm-monitor's record queue is full (" + this.capacity
					+ "): records are dropped and counted in llm_monitor_records_dropped_total;"
					+ " raise llm.monitor.store.queue-capacity or check the database");
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
			List<Thread> writers = new ArrayList<>(this.threadCount);
			for (int i = 0; i < this.threadCount; i++) {
				boolean purges = (i == 0);
				Thread writer = new Thread(() -> run(purges),
						(this.threadCount == 1) ? "llm-monitor-writer" : "llm-monitor-writer-" + (i + 1));
				writer.setDaemon(true);
				writers.add(writer);
			}
			this.threads = List.copyOf(writers);
			writers.forEach(Thread::start);
		}
	}

	@Override
	public void stop() {
		List<Thread> writers;
		synchronized (this.lifecycleMonitor) {
			writers = this.threads;
			if (writers.isEmpty()) {
				return;
			}
			this.stopping = true;
			writers.forEach(LockSupport::unpark);
		}
		long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
		try {
			for (Thread writer : writers) {
				long left = Math.max(deadline - System.nanoTime(), 0);
				writer.join(Math.max(left / 1_000_000, 1));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		synchronized (this.lifecycleMonitor) {
			this.stopped = true;
			this.threads = List.of();
			int left = this.queue.size();
			this.queue.clear();
			if (left > 0) {
				this.dropped.shutdown.addAndGet(left);
				logger.warn("llm-monitor could not write " + left + " records before shutdown");
			}
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
	 * @param purges whether this thread also purges old records
	 */
	private void run(boolean purges) {
		List<LlmCall> batch = new ArrayList<>(this.batchSize);
		while (!this.stopping) {
			drainTo(batch);
			if (!batch.isEmpty()) {
				flush(batch);
			}
			if (purges) {
				this.retention.purgeIfDue();
			}
			if (this.pending.get() < this.batchSize && !this.stopping) {
				this.parked.incrementAndGet();
				if (this.pending.get() < this.batchSize) {
					LockSupport.parkNanos(this, this.flushIntervalNanos);
				}
				this.parked.decrementAndGet();
			}
			if (Thread.currentThread().isInterrupted()) {
				break;
			}
		}
		drainTo(batch);
		while (!batch.isEmpty()) {
			flush(batch);
			drainTo(batch);
		}
	}

	private void drainTo(List<LlmCall> batch) {
		int drained = this.queue.drainTo(batch, this.batchSize - batch.size());
		this.pending.addAndGet(-drained);
	}

	private void flush(List<LlmCall> batch) {
		try {
			batch.replaceAll(this.beforeStore);
			this.saver.save(batch);
		}
		finally {
			batch.clear();
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
	 * @param reason one of the {@code DROPPED_*} reasons
	 * @return the count
	 */
	public long dropped(String reason) {
		return this.dropped.count(reason);
	}

}
