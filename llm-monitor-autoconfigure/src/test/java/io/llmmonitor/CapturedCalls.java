package io.llmmonitor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.llmmonitor.capture.LlmCallRecorder;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallHandler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Collects every record an application publishes, for tests to assert on.
 */
@TestConfiguration(proxyBeanMethods = false)
public class CapturedCalls {

	public final List<LlmCall> calls = new CopyOnWriteArrayList<>();

	private final ObjectProvider<LlmCallRecorder> recorder;

	CapturedCalls(ObjectProvider<LlmCallRecorder> recorder) {
		this.recorder = recorder;
	}

	@Bean
	LlmCallHandler capturedCallsHandler() {
		return this.calls::add;
	}

	public void clear() {
		this.calls.clear();
	}

	/**
	 * Wait until every call started so far has finished, then return the one record they
	 * gave: once no call is in flight, no further record can follow.
	 * @return the one record
	 */
	public LlmCall only() {
		LlmCallRecorder recorder = this.recorder.getObject();
		await().atMost(Duration.ofSeconds(10)).until(() -> recorder.callsInFlight() == 0 && !this.calls.isEmpty());
		assertThat(this.calls).hasSize(1);
		return this.calls.get(0);
	}

}
