package io.llmmonitor.metrics;

import io.llmmonitor.record.LlmCallWriter;
import io.llmmonitor.record.WriterStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.util.Assert;

/**
 * Meters of the record writer: {@code llm_monitor_queue_size},
 * {@code llm_monitor_records_dropped_total} (by reason),
 * {@code llm_monitor_records_written_total}, {@code llm_monitor_spill_records} and
 * {@code llm_monitor_store_available}.
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

	private static double spilled(LlmCallWriter writer) {
		WriterStatus.Spill spill = writer.status().spill();
		return (spill != null) ? spill.records() : 0;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("llm.monitor.queue.size", this.writer, LlmCallWriter::queueSize)
			.description("Call records waiting to be written")
			.register(registry);
		FunctionCounter.builder("llm.monitor.records.written", this.writer, LlmCallWriter::written)
			.description("Call records written to the store")
			.register(registry);
		Gauge.builder("llm.monitor.spill.records", this.writer, LlmCallWriterMetrics::spilled)
			.description("Call records in the spill directory, waiting to be written")
			.register(registry);
		Gauge.builder("llm.monitor.store.available", this.writer, (w) -> w.status().storeAvailable() ? 1 : 0)
			.description("Whether the store took the writer's last attempt (1) or is away (0)")
			.register(registry);
		for (String reason : LlmCallWriter.DROP_REASONS) {
			FunctionCounter.builder("llm.monitor.records.dropped", this.writer, (w) -> w.dropped(reason))
				.description("Call records dropped instead of written")
				.tag("reason", reason)
				.register(registry);
		}
	}

}
