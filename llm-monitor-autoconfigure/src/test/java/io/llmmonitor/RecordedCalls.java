package io.llmmonitor;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.llmmonitor.capture.ContentPolicy;
import io.llmmonitor.capture.CurrentTrace;
import io.llmmonitor.capture.LlmCallRecorder;
import io.llmmonitor.cost.CostCalculator;
import io.llmmonitor.cost.PriceCatalog;
import io.llmmonitor.record.LlmCall;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A recorder as the auto-configuration makes it (built-in prices, content kept and
 * redacted by default), whose records land in a list: for tests of one capture point
 * without an application context.
 */
public final class RecordedCalls {

	private final List<LlmCall> calls = new CopyOnWriteArrayList<>();

	private final LlmCallRecorder recorder;

	public RecordedCalls() {
		this(new ContentPolicy(true, 32768, ContentPolicy.DEFAULT_REDACT_PATTERNS));
	}

	public RecordedCalls(ContentPolicy contentPolicy) {
		this.recorder = new LlmCallRecorder(contentPolicy, new CostCalculator(PriceCatalog.builtIn()),
				List.of(this.calls::add), "default", Clock.systemUTC(), CurrentTrace.NONE);
	}

	public LlmCallRecorder recorder() {
		return this.recorder;
	}

	public List<LlmCall> calls() {
		return this.calls;
	}

	/**
	 * The one record of the calls made so far, every one of which has finished.
	 * @return the record
	 */
	public LlmCall only() {
		assertThat(this.recorder.callsInFlight()).as("calls in flight").isZero();
		assertThat(this.calls).hasSize(1);
		return this.calls.remove(0);
	}

}
