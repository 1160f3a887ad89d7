package io.llmmonitor.record;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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

	private final int threadCount;

	private final Retention retention;

	private final BatchLoop loop;

	private final int batchSize;

	private final long flushIntervalNanos;

	private final DroppedRecords dropped = new DroppedRecords();

	private final StoreStatus status;

	private final BatchSaver saver;

	private final Object lifecycleMonitor = new Object();

	private Duration shutdownTimeout = Duration.ofSeconds(10);

	private @Nullable Path spillDirectory;

	private long spillMaxBytes;

	private volatile @Nullable WriterThreads running;

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
		this.loop = new BatchLoop(this.queue, capacity, batchSize, this.flushIntervalNanos, beforeStore, this.saver,
				this.status, this.retention, this.dropped);
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
		WriterThreads running = this.running;
		List<WriterThread> writers = (running != null) ? running.writers() : List.of();
		if (!this.loop.offer(call, writers) && this.dropped.queueFull.getAndIncrement() == 0) {
			logger.warn("llm-monitor's record queue is full (" + this.capacity
					+ "): records are dropped and counted in llm_monitor_records_dropped_total;"
					+ " raise llm.monitor.store.queue-capacity, set llm.monitor.store.spill-dir or check the database");
		}
	}

	/**
	 * Check that the store can hold records (its tables are there); when it cannot, the
	 * writer logs why once, keeps the records and tries again later.
	 */
	public void checkStore() {
		this.saver.check();
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running != null) {
				return;
			}
			this.stopped = false;
			Path directory = this.spillDirectory;
			CallSpill spill = (directory != null) ? new CallSpill(directory, this.spillMaxBytes, this.dropped) : null;
			this.loop.start(spill);
			SpillReplay replay = (spill != null)
					? new SpillReplay(spill, this.saver, this.status, this.flushIntervalNanos, this.loop::stopping)
					: null;
			this.running = WriterThreads.start(this.loop, this.threadCount, this.batchSize, this.dropped.shutdown,
					replay);
		}
	}

	@Override
	public void stop() {
		WriterThreads threads;
		long deadlineNanos;
		long droppedBefore;
		synchronized (this.lifecycleMonitor) {
			threads = this.running;
			if (threads == null) {
				return;
			}
			deadlineNanos = System.nanoTime() + this.shutdownTimeout.toNanos();
			droppedBefore = this.dropped.shutdown.get();
			this.loop.stopBy(deadlineNanos);
		}
		int held = threads.stop(deadlineNanos);
		synchronized (this.lifecycleMonitor) {
			this.stopped = true;
			this.running = null;
			this.loop.abandonQueued();
			long lost = this.dropped.shutdown.get() - droppedBefore;
			if (lost > 0) {
				logger
					.warn("llm-monitor stopped without writing " + lost + " call records within its shutdown timeout ("
							+ this.shutdownTimeout + "; " + held + " of them held by writers waiting on the store):"
							+ " counted in llm_monitor_records_dropped_total{reason=\"shutdown\"}");
			}
			CallSpill spill = this.loop.spill();
			if (spill != null && spill.records() > 0) {
				logger.info("llm-monitor leaves " + spill.records() + " call records in " + spill.directory()
						+ ", to be written when it next starts");
			}
			if (spill != null && threads.allEnded()) {
				spill.close();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running != null;
	}

	@Override
	public int getPhase() {
		// Stop after the web server: calls of the requests in flight are still written.
		return SmartLifecycle.DEFAULT_PHASE - 4096;
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
		CallSpill spill = this.loop.spill();
		Map<String, Long> dropped = new LinkedHashMap<>();
		DROP_REASONS.forEach((reason) -> dropped.put(reason, this.dropped.count(reason)));
		WriterStatus.Spill spilled = (spill != null) ? spill.view() : null;
		return new WriterStatus(isRunning(), this.status.available(), this.status.awaySince(), this.status.lastError(),
				this.status.lastErrorAt(), this.queue.size(), this.capacity, spilled, written(), dropped);
	}

}
