package io.llmmonitor.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A {@code ChatClient} call against an in-process model that answers at once, with and
 * without llm-monitor: the difference is what monitoring adds to a call (advisor, record,
 * price, meters, queue; the database write runs on llm-monitor's own thread).
 */
@State(Scope.Benchmark)
@BenchmarkMode({ Mode.Throughput, Mode.SampleTime })
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ChatClientOverheadBenchmark {

	@Param({ "false", "true" })
	public boolean monitored;

	private ConfigurableApplicationContext context;

	private ChatClient chatClient;

	@Setup(Level.Trial)
	public void start() {
		this.context = BenchmarkApplication.start(this.monitored, BenchmarkApplication.FIXED_MODEL);
		this.chatClient = this.context.getBean(ChatClient.Builder.class).build();
	}

	@Benchmark
	public String call() {
		return this.chatClient.prompt().user("What is the capital of France?").call().content();
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
	}

}
