package io.llmmonitor.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

import io.llmmonitor.record.LlmCallWriter;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Heap after each 100,000 of 1,000,000 monitored {@code ChatClient} calls while the store
 * is slower than the traffic (every batch takes 20 ms): the queue fills, records beyond
 * it are dropped and counted, and the heap must stay flat.
 */
public final class MemoryBenchmark {

	private static final int CALLS = Integer.getInteger("bench.memory.calls", 1_000_000);

	private MemoryBenchmark() {
	}

	public static void main(String[] args) {
		String[] properties = new String[BenchmarkApplication.FIXED_MODEL.length + 1];
		System.arraycopy(BenchmarkApplication.FIXED_MODEL, 0, properties, 0, BenchmarkApplication.FIXED_MODEL.length);
		properties[properties.length - 1] = "bench.store=slow";
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		Results.line("");
		Results
			.line("## Memory: " + String.format("%,d", CALLS) + " monitored calls, store slower than the traffic (-Xmx"
					+ (Runtime.getRuntime().maxMemory() >> 20) + "m)");
		Results.line("");
		Results.line("| calls | heap used after GC (MiB) | queue | written | dropped (queue_full) |");
		Results.line("|---:|---:|---:|---:|---:|");
		try (ConfigurableApplicationContext context = BenchmarkApplication.start(true, properties)) {
			ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();
			LlmCallWriter writer = context.getBean(LlmCallWriter.class);
			report(0, memory, writer);
			for (int i = 1; i <= CALLS; i++) {
				chatClient.prompt().user("What is the capital of France?").call().content();
				if (i % 100_000 == 0) {
					report(i, memory, writer);
				}
			}
		}
	}

	private static void report(int calls, MemoryMXBean memory, LlmCallWriter writer) {
		System.gc();
		System.gc();
		long used = memory.getHeapMemoryUsage().getUsed();
		Results.line(String.format("| %,d | %.1f | %,d | %,d | %,d |", calls, used / 1048576.0, writer.queueSize(),
				writer.written(), writer.dropped(LlmCallWriter.DROPPED_QUEUE_FULL)));
	}

}
