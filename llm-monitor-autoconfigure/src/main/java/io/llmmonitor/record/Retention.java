package io.llmmonitor.record;

import java.time.Clock;
import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.InvalidDataAccessResourceUsageException;

/**
 * Deletes the records older than the retention period, at most once an hour.
 */
final class Retention {

	private static final Log logger = LogFactory.getLog(Retention.class);

	private static final Duration PURGE_INTERVAL = Duration.ofHours(1);

	private final LlmCallRepository repository;

	private final @Nullable Duration period;

	private final Clock clock;

	private long nextPurgeNanos = System.nanoTime();

	/**
	 * Create the retention of a repository.
	 * @param repository the repository
	 * @param period age after which records are deleted, or {@code null} (or zero) to
	 * keep them
	 * @param clock the clock records' ages are measured by
	 */
	Retention(LlmCallRepository repository, @Nullable Duration period, Clock clock) {
		this.repository = repository;
		this.period = (period != null && !period.isZero() && !period.isNegative()) ? period : null;
		this.clock = clock;
	}

	/** Purge, unless the last purge was less than an hour ago. Called by one thread. */
	void purgeIfDue() {
		if (this.period == null || System.nanoTime() - this.nextPurgeNanos < 0) {
			return;
		}
		this.nextPurgeNanos = System.nanoTime() + PURGE_INTERVAL.toNanos();
		purge();
	}

	int purge() {
		Duration period = this.period;
		if (period == null) {
			return 0;
		}
		try {
			int deleted = this.repository.deleteStartedBefore(this.clock.instant().minus(period));
			if (deleted > 0 && logger.isDebugEnabled()) {
				logger.debug("llm-monitor purged " + deleted + " call records older than " + period);
			}
			return deleted;
		}
		catch (InvalidDataAccessResourceUsageException ex) {
			// no tables to purge: the writer says once what to do
			logger.debug("llm-monitor could not purge old call records", ex);
			return 0;
		}
		catch (RuntimeException ex) {
			logger.warn("llm-monitor failed to purge old call records", ex);
			return 0;
		}
	}

}
