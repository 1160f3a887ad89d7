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
 * A {@code ChatClient} call through the real Spring AI OpenAI client (the official SDK on
 * OkHttp) against a loopback server, with and without llm-monitor (advisor and HTTP-level
 * capture both on).
 */
@State(Scope.Benchmark)
@BenchmarkMode({ Mode.Throughput, Mode.SampleTime })
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// The OpenAI SDK, OkHttp and Spring AI take about 20 s to reach compiled speed here.
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OpenAiHttpOverheadBenchmark {

	@Param({ "false", "true" })
	public boolean monitored;

	private LoopbackOpenAiServer server;

	private ConfigurableApplicationContext context;

	private ChatClient chatClient;

	@Setup(Level.Trial)
	public void start() {
		this.server = new LoopbackOpenAiServer();
		this.context = BenchmarkApplication.start(this.monitored, "spring.ai.openai.base-url=" + this.server.baseUrl(),
				"spring.ai.openai.api-key=sk-bench", "spring.ai.openai.max-retries=0",
				"spring.ai.openai.chat.options.model=gpt-4o");
		this.chatClient = this.context.getBean(ChatClient.Builder.class).build();
	}

	@Benchmark
	public String call() {
		return this.chatClient.prompt().user("What is the capital of France?").call().content();
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
		this.server.close();
	}

}
