package io.llmmonitor.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.llmmonitor.record.LlmCallWriter;
import org.HdrHistogram.Histogram;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * The same {@code ChatClient} call without and with llm-monitor, both applications in one
 * JVM and measured in alternating slices (off, on, on, off, ...), so that whatever else
 * the machine does at a given moment falls on both alike. Each slice runs calls back to
 * back from one thread and times every call; llm-monitor's writer stores into a file H2
 * database beside the calls. After each monitored slice the next slice waits until the
 * writer has stored every record of it, so that no slice carries another's database work.
 * <p>
 * Two models: {@code fixed}, an in-process model that answers at once, and {@code http},
 * Spring AI's OpenAI client against a loopback server (advisor and HTTP-level capture).
 * Reports median and p99 per call, calls per second of slice time, the calling thread's
 * and the whole process's CPU per call during the slices (the writer's work while the
 * calls run included), and the CPU of the store's threads (llm-monitor's writer, H2's
 * own) per call, slices and the waits for the writer together.
 */
public final class InterleavedOverheadBenchmark {

	private static final long SLICE_NANOS = TimeUnit.MILLISECONDS
		.toNanos(Long.getLong("bench.interleaved.slice-millis", 500));

	/**
	 * With {@code bench.interleaved.pass-through=true} the second application is not
	 * monitored but has two advisors that only pass the call on: what the advisor chain
	 * costs.
	 */
	private static final boolean PASS_THROUGH = Boolean.getBoolean("bench.interleaved.pass-through");

	/**
	 * With {@code bench.interleaved.empty-hooks=true} the second application is not
	 * monitored but has llm-monitor's hooks doing nothing (two advisors kept out of the
	 * advisor observations, an OkHttp interceptor that only proceeds): what the hooks
	 * themselves cost.
	 */
	private static final boolean EMPTY_HOOKS = Boolean.getBoolean("bench.interleaved.empty-hooks");

	private InterleavedOverheadBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		List<String> models = (args.length > 0) ? List.of(args) : List.of("fixed", "http");
		Results.line("");
		Results.line("Interleaved (`InterleavedOverheadBenchmark`): both applications in one JVM, measured in"
				+ " alternating " + TimeUnit.NANOSECONDS.toMillis(SLICE_NANOS)
				+ " ms slices, store in a file H2 database:");
		Results.line("");
		Results.line("| model | llm-monitor | calls | calls/s | median µs | p99 µs | calling thread's CPU µs per call"
				+ " | whole process's CPU µs per call | store threads' CPU µs per call |");
		Results.line("|---|---|---:|---:|---:|---:|---:|---:|---:|");
		List<String> summaries = new ArrayList<>();
		for (String model : models) {
			summaries.add(run(model));
		}
		Results.line("");
		Results.line("| model | added median µs | added p99 µs | throughput monitored / unmonitored |"
				+ " added CPU µs per call (calling thread, whole process) | store threads' CPU µs per call | records written"
				+ " | dropped | JIT compiler's CPU µs per call, both sides |");
		Results.line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
		summaries.forEach(Results::line);
	}

	private static String run(String model) throws Exception {
		boolean http = "http".equals(model);
		// The monitored application's JIT compiles the writer's and H2's code for minutes
		// (it runs only once a batch): the HTTP model warms up until that has settled.
		long warmup = Long.getLong("bench.interleaved.warmup-seconds", http ? 180 : 30);
		long measure = Long.getLong("bench.interleaved.seconds", 30);
		Path data = Files.createTempDirectory("llm-monitor-interleaved");
		try (LoopbackOpenAiServer server = new LoopbackOpenAiServer();
				ConfigurableApplicationContext off = start(false, false, false, http, server, data);
				ConfigurableApplicationContext on = start(!PASS_THROUGH && !EMPTY_HOOKS, PASS_THROUGH, EMPTY_HOOKS,
						http, server, data)) {
			Side unmonitored = new Side(off, null);
			Side monitored = new Side(on, on.getBeanProvider(LlmCallWriter.class).getIfAvailable());
			alternate(unmonitored, monitored, warmup);
			unmonitored.reset();
			monitored.reset();
			long compilerStart = compilerCpuNanos();
			alternate(unmonitored, monitored, measure);
			long compilerNanos = compilerCpuNanos() - compilerStart;
			String label = http ? "OpenAI client, loopback HTTP" : "in-process model";
			unmonitored.report(label, "off");
			monitored.report(label, "on");
			String compiler = (compilerStart < 0) ? "n/a"
					: String.format("%.1f", compilerNanos / 1e3 / (unmonitored.calls + monitored.calls));
			return String.format("| %s | %+.2f | %+.2f | %.3f | %+.1f, %+.1f | %.1f | %,d | %,d | %s |", label,
					monitored.median() - unmonitored.median(), monitored.p99() - unmonitored.p99(),
					monitored.callsPerSecond() / unmonitored.callsPerSecond(),
					monitored.callerCpuPerCall() - unmonitored.callerCpuPerCall(),
					monitored.cpuPerCall() - unmonitored.cpuPerCall(), monitored.storeCpuPerCall(), monitored.written(),
					monitored.dropped(), compiler);
		}
		finally {
			FileSystemUtils.deleteRecursively(data);
		}
	}

	private static ConfigurableApplicationContext start(boolean monitored, boolean passThrough, boolean emptyHooks,
			boolean http, LoopbackOpenAiServer server, Path data) {
		String file = (monitored || passThrough || emptyHooks) ? "on" : "off";
		List<String> properties = new ArrayList<>(List.of("spring.datasource.url=jdbc:h2:file:" + data.resolve(file),
				"llm.monitor.store.initialize-schema=always", "bench.pass-through-advisors=" + passThrough,
				"bench.empty-hooks=" + emptyHooks));
		if (http) {
			properties
				.addAll(List.of("spring.ai.openai.base-url=" + server.baseUrl(), "spring.ai.openai.api-key=sk-bench",
						"spring.ai.openai.max-retries=0", "spring.ai.openai.chat.options.model=gpt-4o"));
		}
		else {
			properties.addAll(List.of(BenchmarkApplication.FIXED_MODEL));
		}
		return BenchmarkApplication.start(monitored, properties.toArray(String[]::new));
	}

	/**
	 * CPU time of the JIT compiler's threads so far, from {@code /proc} (the JVM does not
	 * list them as Java threads), or -1 where there is no {@code /proc}.
	 */
	private static long compilerCpuNanos() {
		Path tasks = Path.of("/proc/self/task");
		if (!Files.isDirectory(tasks)) {
			return -1;
		}
		long ticks = 0;
		try (var threads = Files.list(tasks)) {
			for (Path task : (Iterable<Path>) threads::iterator) {
				try {
					if (!Files.readString(task.resolve("comm")).contains("CompilerThre")) {
						continue;
					}
					String stat = Files.readString(task.resolve("stat"));
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
				}
				catch (java.io.IOException ex) {
					// the thread ended meanwhile
				}
			}
		}
		catch (java.io.IOException ex) {
			return -1;
		}
		return ticks * 10_000_000L; // clock ticks of 10 ms (USER_HZ 100)
	}

	/**
	 * Slices in the order off, on, on, off, off, on, ... until both have run the given
	 * time.
	 */
	private static void alternate(Side unmonitored, Side monitored, long seconds) {
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) * 2;
		boolean onFirst = false;
		while (System.nanoTime() < until) {
			Side first = onFirst ? monitored : unmonitored;
			Side second = onFirst ? unmonitored : monitored;
			first.slice();
			second.slice();
			onFirst = !onFirst;
		}
	}

	private static final class Side {

		private static final com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
			.getOperatingSystemMXBean();

		private static final java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();

		private final ChatClient chatClient;

		private final LlmCallWriter writer;

		private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);

		private long calls;

		private long sliceNanos;

		private long cpuNanos;

		private long callerCpuNanos;

		private long storeCpuNanos;

		private long callsBeforeReset;

		private long writtenAtReset;

		private long droppedAtReset;

		Side(ConfigurableApplicationContext context, LlmCallWriter writer) {
			this.chatClient = context.getBean(ChatClient.Builder.class).build();
			this.writer = writer;
		}

		void slice() {
			long storeCpuStart = storeThreadsCpu();
			long cpuStart = os.getProcessCpuTime();
			long threadCpuStart = threads.getCurrentThreadCpuTime();
			long start = System.nanoTime();
			long end = start + SLICE_NANOS;
			long now = start;
			long calls = 0;
			while (now < end) {
				this.chatClient.prompt().user("What is the capital of France?").call().content();
				long after = System.nanoTime();
				this.histogram.recordValue(after - now);
				now = after;
				calls++;
			}
			this.sliceNanos += now - start;
			this.calls += calls;
			this.callerCpuNanos += threads.getCurrentThreadCpuTime() - threadCpuStart;
			this.cpuNanos += os.getProcessCpuTime() - cpuStart;
			// Waiting for the writer is left out of the process's CPU: the JIT compiler
			// and the garbage collector keep running meanwhile, and would be charged to
			// this side.
			awaitWriter();
			this.storeCpuNanos += storeThreadsCpu() - storeCpuStart;
		}

		/** CPU time of llm-monitor's writer threads and H2's own threads so far. */
		private static long storeThreadsCpu() {
			long total = 0;
			for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
				if (info != null && (info.getThreadName().startsWith("llm-monitor-writer")
						|| info.getThreadName().startsWith("H2-"))) {
					total += Math.max(threads.getThreadCpuTime(info.getThreadId()), 0);
				}
			}
			return total;
		}

		/** Until every record of the calls so far is written or dropped. */
		private void awaitWriter() {
			if (this.writer == null) {
				return;
			}
			long offered = this.callsBeforeReset + this.calls;
			while (this.writer.written() + allDropped() < offered) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
			}
		}

		private long allDropped() {
			return this.writer.dropped(LlmCallWriter.DROPPED_QUEUE_FULL)
					+ this.writer.dropped(LlmCallWriter.DROPPED_STORE_ERROR);
		}

		void reset() {
			this.callsBeforeReset += this.calls;
			this.calls = 0;
			this.sliceNanos = 0;
			this.cpuNanos = 0;
			this.callerCpuNanos = 0;
			this.storeCpuNanos = 0;
			this.histogram.reset();
			if (this.writer != null) {
				this.writtenAtReset = this.writer.written();
				this.droppedAtReset = allDropped();
			}
		}

		double median() {
			return this.histogram.getValueAtPercentile(50) / 1e3;
		}

		double p99() {
			return this.histogram.getValueAtPercentile(99) / 1e3;
		}

		double callsPerSecond() {
			return this.calls / (this.sliceNanos / 1e9);
		}

		double cpuPerCall() {
			return this.cpuNanos / 1e3 / this.calls;
		}

		double storeCpuPerCall() {
			return this.storeCpuNanos / 1e3 / this.calls;
		}

		double callerCpuPerCall() {
			return this.callerCpuNanos / 1e3 / this.calls;
		}

		long written() {
			return (this.writer != null) ? this.writer.written() - this.writtenAtReset : 0;
		}

		long dropped() {
			return (this.writer != null) ? allDropped() - this.droppedAtReset : 0;
		}

		void report(String label, String monitored) {
			Results.line(String.format("| %s | %s | %,d | %,.0f | %.2f | %.2f | %.1f | %.1f | %.1f |", label, monitored,
					this.calls, callsPerSecond(), median(), p99(), callerCpuPerCall(), cpuPerCall(),
					storeCpuPerCall()));
		}

	}

}
