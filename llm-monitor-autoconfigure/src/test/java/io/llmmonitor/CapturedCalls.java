package io.llmmonitor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallHandler;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.awaitility.Awaitility.await;

/**
 * Collects every record an application publishes, for tests to assert on.
 */
@TestConfiguration(proxyBeanMethods = false)
public class CapturedCalls {

	public final List<LlmCall> calls = new CopyOnWriteArrayList<>();

	@Bean
	LlmCallHandler capturedCallsHandler() {
		return this.calls::add;
	}

	public void clear() {
		this.calls.clear();
	}

	/**
	 * Wait for a record, then make sure no second one follows.
	 * @return the one record
	 */
	public LlmCall only() {
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.calls.isEmpty());
		await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> this.calls.size() == 1);
		return this.calls.get(0);
	}

}
