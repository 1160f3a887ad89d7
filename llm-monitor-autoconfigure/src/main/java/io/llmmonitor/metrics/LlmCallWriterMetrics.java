package io.llmmonitor.metrics;

import io.llmmonitor.record.LlmCallWriter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.util.Assert;

/**
 * Meters of the record writer: {@code llm_monitor_queue_size},
 * {@code llm_monitor_records_dropped_total} (by reason) and
 * {@code llm_monitor_records_written_total}.
 *
 * @since 0.1.0
 */
public class LlmCallWriterMetrics implements MeterBinder {

	private final LlmCallWriter writer;

	/**
	 * Create a binder for the given writer.
	 * @param writer the writer
	 */
	public LlmCallWriterMetrics(LlmCallWriter writer) {
		Assert.notNull(writer, "'writer' must not be null");
		this.writer = writer;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("llm.monitor.queue.size", this.writer, LlmCallWriter::queueSize)
			.description("Call records waiting to be written")
			.register(registry);
		FunctionCounter.builder("llm.monitor.records.written", this.writer, LlmCallWriter::written)
			.description("Call records written to the store")
			.register(registry);
		for (String reason : new String[] { LlmCallWriter.DROPPED_QUEUE_FULL, LlmCallWriter.DROPPED_STORE_ERROR,
				LlmCallWriter.DROPPED_SHUTDOWN }) {
			FunctionCounter.builder("llm.monitor.records.dropped", this.writer, (w) -> w.dropped(reason))
				.description("Call records dropped instead of written")
				.tag("reason", reason)
				.register(registry);
		}
	}

}
