package io.llmmonitor.record;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

/**
 * Whether the store takes writes, as the writer last found it, and when to try again
 * while it does not: the delay doubles from a quarter of a second up to a limit, with a
 * little jitter so that instances sharing a database do not retry in step.
 */
final class StoreStatus {

	static final Duration INITIAL_RETRY_DELAY = Duration.ofMillis(250);

	private static final long ATTEMPT_POLL_NANOS = Duration.ofMillis(20).toNanos();

	private final Clock clock;

	private final AtomicBoolean attempting = new AtomicBoolean();

	private volatile Duration maxRetryDelay = Duration.ofSeconds(15);

	private volatile boolean available = true;

	private volatile long retryAtNanos;

	private volatile long delayNanos = INITIAL_RETRY_DELAY.toNanos();

	private volatile @Nullable String lastError;

	private volatile @Nullable Instant lastErrorAt;

	private volatile @Nullable Instant awaySince;

	StoreStatus(Clock clock) {
		this.clock = clock;
	}

	void setMaxRetryDelay(Duration maxRetryDelay) {
		this.maxRetryDelay = maxRetryDelay;
	}

	boolean available() {
		return this.available;
	}

	// Whether the store is away and its next attempt is not due yet, or under way.
	boolean waiting() {
		return !this.available && (System.nanoTime() - this.retryAtNanos < 0 || this.attempting.get());
	}

	long nanosUntilRetry() {
		long due = this.retryAtNanos - System.nanoTime();
		return (due <= 0 && this.attempting.get()) ? ATTEMPT_POLL_NANOS : Math.max(due, 0);
	}

	// While the store is away: claim the attempt that is due, one thread at a time.
	boolean startAttempt() {
		return System.nanoTime() - this.retryAtNanos >= 0 && this.attempting.compareAndSet(false, true);
	}

	void endAttempt() {
		this.attempting.set(false);
	}

	synchronized void succeeded() {
		this.available = true;
		this.awaySince = null;
		this.delayNanos = INITIAL_RETRY_DELAY.toNanos();
	}

	synchronized void away(RuntimeException ex) {
		Instant now = this.clock.instant();
		this.lastError = describe(ex);
		this.lastErrorAt = now;
		if (this.available) {
			this.awaySince = now;
		}
		this.available = false;
		long delay = this.delayNanos;
		long jittered = (long) (delay * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
		this.retryAtNanos = System.nanoTime() + jittered;
		this.delayNanos = Math.min(delay * 2, this.maxRetryDelay.toNanos());
	}

	void rejected(RuntimeException ex) {
		this.lastError = ex.getClass().getSimpleName() + " (a record the database rejects)";
		this.lastErrorAt = this.clock.instant();
	}

	@Nullable String lastError() {
		return this.lastError;
	}

	@Nullable Instant lastErrorAt() {
		return this.lastErrorAt;
	}

	@Nullable Instant awaySince() {
		return this.awaySince;
	}

	// The root cause's class and first line (a connection or schema error, which quotes
	// no record).
	private static String describe(RuntimeException ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String message = cause.getMessage();
		String firstLine = (message != null) ? message.lines().findFirst().orElse("") : "";
		if (firstLine.length() > 200) {
			firstLine = firstLine.substring(0, 200);
		}
		return cause.getClass().getSimpleName() + (firstLine.isEmpty() ? "" : ": " + firstLine);
	}

}
