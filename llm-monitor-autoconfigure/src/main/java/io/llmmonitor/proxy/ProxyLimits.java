package io.llmmonitor.proxy;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * What the proxy allows a request: how many may be forwarded at once, how large an LLM
 * request body may be, and how long the upstream may stay silent.
 *
 * @param maxConcurrent most requests forwarded at once; more are answered 429
 * @param maxRequestSize largest LLM request body in bytes; larger ones are answered 413
 * @param firstByteTimeout longest wait from the request to the first byte of the response
 * body
 * @param idleTimeout longest silence between two pieces of the response body
 * @param streamKeepAlive silence of the upstream after which an SSE comment goes down an
 * event stream, so that a client that left is noticed
 * @since 0.1.0
 */
public record ProxyLimits(int maxConcurrent, long maxRequestSize, Duration firstByteTimeout, Duration idleTimeout,
		Duration streamKeepAlive) {

	/** The defaults of {@code llm.monitor.proxy.*}. */
	public static final ProxyLimits DEFAULTS = new ProxyLimits(100, 50L * 1024 * 1024, Duration.ofMinutes(10),
			Duration.ofMinutes(2), Duration.ofSeconds(15));

	public ProxyLimits {
		Assert.isTrue(maxConcurrent > 0, "'maxConcurrent' must be positive");
		Assert.isTrue(maxRequestSize > 0 && maxRequestSize < Integer.MAX_VALUE - 8,
				"'maxRequestSize' must be positive and under 2GB");
		Assert.isTrue(isPositive(firstByteTimeout), "'firstByteTimeout' must be positive");
		Assert.isTrue(isPositive(idleTimeout), "'idleTimeout' must be positive");
		Assert.isTrue(isPositive(streamKeepAlive), "'streamKeepAlive' must be positive");
	}

	private static boolean isPositive(Duration duration) {
		return duration != null && !duration.isNegative() && !duration.isZero();
	}

}
