package io.llmmonitor.proxy;

import java.util.concurrent.Semaphore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Admits requests to the proxy up to its concurrency limit and counts those it turns
 * away, by reason, in {@code llm.monitor.proxy.rejected}.
 */
final class ProxyGate {

	static final String REJECTED = "llm.monitor.proxy.rejected";

	static final String ACTIVE = "llm.monitor.proxy.active";

	private final Semaphore permits;

	private final int maxConcurrent;

	private final Counter busy;

	private final Counter tooLarge;

	ProxyGate(int maxConcurrent, MeterRegistry registry) {
		this.permits = new Semaphore(maxConcurrent);
		this.maxConcurrent = maxConcurrent;
		this.busy = rejected(registry, "max_concurrent");
		this.tooLarge = rejected(registry, "request_too_large");
		Gauge.builder(ACTIVE, this, ProxyGate::active)
			.description("Requests the monitoring proxy is forwarding")
			.register(registry);
	}

	private static Counter rejected(MeterRegistry registry, String reason) {
		return Counter.builder(REJECTED)
			.description("Requests the monitoring proxy answered itself instead of forwarding them")
			.tag("reason", reason)
			.register(registry);
	}

	boolean tryEnter() {
		if (this.permits.tryAcquire()) {
			return true;
		}
		this.busy.increment();
		return false;
	}

	void leave() {
		this.permits.release();
	}

	void rejectedTooLarge() {
		this.tooLarge.increment();
	}

	int maxConcurrent() {
		return this.maxConcurrent;
	}

	private double active() {
		return this.maxConcurrent - this.permits.availablePermits();
	}

}
