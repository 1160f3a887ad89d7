package io.llmmonitor.proxy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import okhttp3.Call;

/**
 * Watches every forwarded request from one thread: cancels an upstream call that sends no
 * byte of its body within the first-byte timeout or falls silent for the idle timeout,
 * and keeps event streams alive with SSE comments while the upstream is silent, so that a
 * client that left is noticed and its upstream call cancelled. Keep-alive comments are
 * written from other threads, so that a client that does not read cannot stall the watch.
 */
final class UpstreamWatchdog implements AutoCloseable {

	private final long firstByteNanos;

	private final long idleNanos;

	private final long keepAliveNanos;

	private final Set<UpstreamWatch> watches = ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService ticker;

	private final ExecutorService writers;

	UpstreamWatchdog(ProxyLimits limits) {
		this.firstByteNanos = limits.firstByteTimeout().toNanos();
		this.idleNanos = limits.idleTimeout().toNanos();
		this.keepAliveNanos = limits.streamKeepAlive().toNanos();
		this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("llm-monitor-proxy-watchdog"));
		this.writers = Executors.newCachedThreadPool(daemon("llm-monitor-proxy-keep-alive"));
		long tick = tick(limits).toNanos();
		this.ticker.scheduleWithFixedDelay(this::check, tick, tick, TimeUnit.NANOSECONDS);
	}

	/**
	 * How often the watches are checked: a tenth of the shortest limit, between 10 ms and
	 * one second.
	 * @param limits the limits
	 * @return the period
	 */
	static Duration tick(ProxyLimits limits) {
		Duration shortest = min(min(limits.firstByteTimeout(), limits.idleTimeout()), limits.streamKeepAlive());
		Duration tenth = shortest.dividedBy(10);
		return max(Duration.ofMillis(10), min(Duration.ofSeconds(1), tenth));
	}

	UpstreamWatch watch(Call call) {
		UpstreamWatch watch = new UpstreamWatch(call, System.nanoTime());
		this.watches.add(watch);
		return watch;
	}

	void release(UpstreamWatch watch) {
		this.watches.remove(watch);
	}

	private void check() {
		try {
			checkAll(System.nanoTime());
		}
		catch (RuntimeException ex) {
			// The next tick tries again; a failed tick must not end the schedule.
		}
	}

	private void checkAll(long now) {
		for (UpstreamWatch watch : this.watches) {
			if (!watch.answering() && now - watch.startNanos() > this.firstByteNanos) {
				watch.cancel(UpstreamWatch.Verdict.FIRST_BYTE_TIMEOUT);
			}
			else if (watch.answering() && now - watch.lastReadNanos() > this.idleNanos) {
				watch.cancel(UpstreamWatch.Verdict.IDLE_TIMEOUT);
			}
			else if (watch.claimKeepAlive(now - this.keepAliveNanos)) {
				this.writers.execute(watch::keepAlive);
			}
		}
	}

	@Override
	public void close() {
		this.ticker.shutdownNow();
		this.writers.shutdownNow();
	}

	private static ThreadFactory daemon(String name) {
		return (runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		};
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

}
