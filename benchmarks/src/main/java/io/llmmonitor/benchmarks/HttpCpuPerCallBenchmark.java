package io.llmmonitor.benchmarks;

import java.lang.management.ManagementFactory;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * CPU time the whole process spends per {@code ChatClient} call through the real OpenAI
 * client against a loopback server in the same process, without and with llm-monitor: on
 * a machine with few cores, CPU per call is what monitoring takes from the traffic.
 */
public final class HttpCpuPerCallBenchmark {

	private HttpCpuPerCallBenchmark() {
	}

	public static void main(String[] args) {
		Results.line("");
		Results.line(
				"CPU per call, whole process (client, loopback server, llm-monitor's writer, GC), one calling thread:");
		Results.line("");
		Results.line("| llm-monitor | calls/s | CPU µs per call |");
		Results.line("|---|---:|---:|");
		String extra = String.join(",", args);
		String noStore = "llm.monitor.store.enabled=false" + (extra.isEmpty() ? "" : "," + extra);
		double[] cpu = new double[3];
		for (int round = 0; round < 2; round++) {
			double[][] measured = { measure(false, extra), measure(true, extra), measure(true, noStore) };
			if (round == 1) {
				String[] labels = { "off", "on", "on, store off (capture and meters only)" };
				for (int i = 0; i < 3; i++) {
					Results.line(String.format("| %s | %,.0f | %.0f |", labels[i], measured[i][0], measured[i][1]));
					cpu[i] = measured[i][1];
				}
			}
		}
		Results.line(String.format("| added by llm-monitor | | %+.0f (%.1f%%) |", cpu[1] - cpu[0],
				100 * (cpu[1] - cpu[0]) / cpu[0]));
		Results.line(String.format("| of which capture and meters | | %+.0f |", cpu[2] - cpu[0]));
		Results.line(String.format("| of which the store (writer and database) | | %+.0f |", cpu[1] - cpu[2]));
	}

	private static double[] measure(boolean monitored, String extra) {
		try (LoopbackOpenAiServer server = new LoopbackOpenAiServer();
				ConfigurableApplicationContext context = BenchmarkApplication.start(monitored,
						"spring.ai.openai.base-url=" + server.baseUrl(), "spring.ai.openai.api-key=sk-bench",
						"spring.ai.openai.max-retries=0", "spring.ai.openai.chat.options.model=gpt-4o")) {
			ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();
			run(chatClient, Long.getLong("bench.cpu.warmup-seconds", 5) * 1_000_000_000L);
			com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
				.getOperatingSystemMXBean();
			long cpuStart = os.getProcessCpuTime();
			long start = System.nanoTime();
			long calls = run(chatClient, Long.getLong("bench.cpu.seconds", 10) * 1_000_000_000L);
			long wall = System.nanoTime() - start;
			long cpu = os.getProcessCpuTime() - cpuStart;
			return new double[] { calls / (wall / 1e9), cpu / 1e3 / calls };
		}
	}

	private static long run(ChatClient chatClient, long nanos) {
		long end = System.nanoTime() + nanos;
		long calls = 0;
		while (System.nanoTime() < end) {
			chatClient.prompt().user("What is the capital of France?").call().content();
			calls++;
		}
		return calls;
	}

}
