package io.llmmonitor.actuate.health;

import io.llmmonitor.record.LlmCallWriter;
import io.llmmonitor.record.WriterStatus;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.util.Assert;

/**
 * The {@code llmMonitor} health of the record writer, read from memory: it never opens a
 * connection, so it answers at once while the database is away. {@code UP} while the
 * store takes writes; {@code DOWN} while it does not (records then wait in the queue or
 * the spill directory) or when the writer has stopped. The details give the queue, the
 * spill backlog, the last store error and the records written and dropped.
 * <p>
 * Keep it out of a Kubernetes liveness group: a restart does not bring a database back.
 *
 * @since 0.1.0
 */
public class LlmMonitorHealthIndicator implements HealthIndicator {

	private final LlmCallWriter writer;

	/**
	 * Create an indicator for the given writer.
	 * @param writer the writer
	 */
	public LlmMonitorHealthIndicator(LlmCallWriter writer) {
		Assert.notNull(writer, "'writer' must not be null");
		this.writer = writer;
	}

	@Override
	public Health health() {
		WriterStatus status = this.writer.status();
		Health.Builder health = (status.running() && status.storeAvailable()) ? Health.up() : Health.down();
		health.withDetail("writer", status.running() ? "running" : "stopped")
			.withDetail("store", status.storeAvailable() ? "writing" : "away")
			.withDetail("queue", status.queueSize())
			.withDetail("queueCapacity", status.queueCapacity())
			.withDetail("written", status.written())
			.withDetail("dropped", status.dropped());
		if (status.storeAwaySince() != null) {
			health.withDetail("storeAwaySince", status.storeAwaySince().toString());
		}
		if (status.lastError() != null) {
			health.withDetail("lastError", status.lastError());
		}
		if (status.lastErrorAt() != null) {
			health.withDetail("lastErrorAt", status.lastErrorAt().toString());
		}
		WriterStatus.Spill spill = status.spill();
		if (spill != null) {
			health.withDetail("spill", spill);
		}
		return health.build();
	}

}
