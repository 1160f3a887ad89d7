package io.llmmonitor.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.init.DatabaseInitializationProperties;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of llm-monitor's store: the database schema and the background
 * writer.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(LlmMonitorStoreProperties.CONFIG_PREFIX)
public class LlmMonitorStoreProperties extends DatabaseInitializationProperties {

	/** Prefix of the store's properties. */
	public static final String CONFIG_PREFIX = "llm.monitor.store";

	private static final String DEFAULT_SCHEMA_LOCATION = "classpath:io/llmmonitor/record/schema-@@platform@@.sql";

	/**
	 * Whether call records are written to the database.
	 */
	private boolean enabled = true;

	/**
	 * Most records waiting to be written; further records are dropped and counted. At
	 * least the batch size.
	 */
	private int queueCapacity = 10000;

	/**
	 * Most records written in one batch.
	 */
	private int batchSize = 500;

	/**
	 * Threads writing batches side by side, each with its own connection when busy. By
	 * default 2 on PostgreSQL and 1 on other databases (H2 writes slower with more).
	 */
	private @Nullable Integer writerThreads;

	/**
	 * Longest time a record waits for its batch to fill.
	 */
	private Duration flushInterval = Duration.ofSeconds(1);

	/**
	 * Age after which records are deleted; zero keeps them forever.
	 */
	private Duration retention = Duration.ofDays(30);

	/**
	 * Local directory where records go while the database is away or the queue is nearly
	 * full, and at shutdown what could not be written; replayed when the database takes
	 * writes again, also after a restart. One directory per application instance. None by
	 * default: records that cannot be written are dropped and counted.
	 */
	private @Nullable Path spillDir;

	/**
	 * Most disk space the spill directory takes; past it the oldest spilled records are
	 * deleted and counted.
	 */
	private DataSize spillMaxSize = DataSize.ofMegabytes(256);

	/**
	 * Longest time the writer takes to write what is queued when the application stops;
	 * what is left then is spilled, or dropped and counted.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(10);

	/**
	 * Longest delay between write attempts while the database is away (the delay doubles
	 * from 250ms up to it).
	 */
	private Duration maxRetryDelay = Duration.ofSeconds(15);

	/**
	 * Whether each batch's commit waits until it is durable. On PostgreSQL, false commits
	 * batches with synchronous_commit = off: a crash of the database server may then lose
	 * the last fraction of a second of records already counted as written. Other
	 * databases ignore it.
	 */
	private boolean synchronousCommit = true;

	@Override
	public String getDefaultSchemaLocation() {
		return DEFAULT_SCHEMA_LOCATION;
	}

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getQueueCapacity() {
		return this.queueCapacity;
	}

	public void setQueueCapacity(int queueCapacity) {
		Assert.isTrue(queueCapacity > 0, "llm.monitor.store.queue-capacity must be positive");
		this.queueCapacity = queueCapacity;
	}

	public @Nullable Integer getWriterThreads() {
		return this.writerThreads;
	}

	public void setWriterThreads(@Nullable Integer writerThreads) {
		Assert.isTrue(writerThreads == null || writerThreads > 0, "llm.monitor.store.writer-threads must be positive");
		this.writerThreads = writerThreads;
	}

	public int getBatchSize() {
		return this.batchSize;
	}

	public void setBatchSize(int batchSize) {
		Assert.isTrue(batchSize > 0, "llm.monitor.store.batch-size must be positive");
		this.batchSize = batchSize;
	}

	public Duration getFlushInterval() {
		return this.flushInterval;
	}

	public void setFlushInterval(Duration flushInterval) {
		Assert.isTrue(flushInterval.toMillis() > 0, "llm.monitor.store.flush-interval must be at least 1ms");
		this.flushInterval = flushInterval;
	}

	public @Nullable Path getSpillDir() {
		return this.spillDir;
	}

	public void setSpillDir(@Nullable Path spillDir) {
		this.spillDir = spillDir;
	}

	public DataSize getSpillMaxSize() {
		return this.spillMaxSize;
	}

	public void setSpillMaxSize(DataSize spillMaxSize) {
		Assert.isTrue(spillMaxSize.toBytes() > 0, "llm.monitor.store.spill-max-size must be positive");
		this.spillMaxSize = spillMaxSize;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		Assert.isTrue(!shutdownTimeout.isNegative(), "llm.monitor.store.shutdown-timeout must not be negative");
		this.shutdownTimeout = shutdownTimeout;
	}

	public boolean isSynchronousCommit() {
		return this.synchronousCommit;
	}

	public void setSynchronousCommit(boolean synchronousCommit) {
		this.synchronousCommit = synchronousCommit;
	}

	public Duration getMaxRetryDelay() {
		return this.maxRetryDelay;
	}

	public void setMaxRetryDelay(Duration maxRetryDelay) {
		Assert.isTrue(maxRetryDelay.toMillis() >= 250, "llm.monitor.store.max-retry-delay must be at least 250ms");
		this.maxRetryDelay = maxRetryDelay;
	}

	public Duration getRetention() {
		return this.retention;
	}

	public void setRetention(Duration retention) {
		Assert.isTrue(!retention.isNegative(), "llm.monitor.store.retention must not be negative");
		this.retention = retention;
	}

}
