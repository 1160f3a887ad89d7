package io.llmmonitor.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Latency a proxy adds to each request: the same loopback upstream called directly,
 * through llm-monitor's proxy (recording on, into H2) and, when
 * {@code bench.portkey=<path to start-server.js>} is given, through Portkey's open-source
 * gateway. One request at a time, the paths taking turns, so that all see the same
 * machine; each path keeps one connection open, as an SDK does.
 */
public final class ProxyLatencyBenchmark {

	private static final MediaType JSON = MediaType.get("application/json");

	private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"What is the capital of France?\"}]}";

	private static final String STREAM = "{\"model\":\"gpt-4o\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
			+ "\"messages\":[{\"role\":\"user\",\"content\":\"How are you?\"}]}";

	private ProxyLatencyBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int warmup = Integer.getInteger("bench.proxy.warmup", 10_000);
		int requests = Integer.getInteger("bench.proxy.requests", 20_000);
		String portkeyScript = System.getProperty("bench.portkey");
		try (LoopbackOpenAiServer upstream = new LoopbackOpenAiServer();
				ConfigurableApplicationContext app = BenchmarkApplication.startWeb("llm.monitor.proxy.enabled=true",
						"llm.monitor.proxy.upstream-url=" + upstream.baseUrl(), "spring.ai.openai.api-key=sk-bench",
						"spring.datasource.url=jdbc:h2:file:./target/bench-proxy;DB_CLOSE_ON_EXIT=FALSE",
						"llm.monitor.store.initialize-schema=always");
				Portkey portkey = (portkeyScript != null) ? Portkey.start(portkeyScript) : null) {
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			Map<String, Target> targets = new LinkedHashMap<>();
			targets.put("direct", new Target(upstream.baseUrl(), Map.of()));
			targets.put("llm-monitor proxy", new Target("http://127.0.0.1:" + port + "/llm-proxy/v1", Map.of()));
			if (portkey != null) {
				targets.put("Portkey gateway " + portkey.version, new Target(portkey.baseUrl(),
						Map.of("x-portkey-provider", "openai", "x-portkey-custom-host", upstream.baseUrl())));
			}
			Map<String, Target> streaming = new LinkedHashMap<>();
			Map<String, String> notStreaming = new LinkedHashMap<>();
			targets.forEach((name, target) -> {
				try {
					target.call(true);
					streaming.put(name, target);
				}
				catch (IOException | RuntimeException ex) {
					notStreaming.put(name, ex.getMessage());
				}
			});
			run(targets, warmup, false);
			run(streaming, warmup / 4, true);
			Map<String, long[]> latency = run(targets, requests, false);
			Map<String, long[]> firstByte = run(streaming, requests / 4, true);
			double written = recordsWritten(app);

			Results.line("");
			Results.line(String.format("Proxy latency: %,d chat requests per path (one at a time, paths taking turns, "
					+ "%,d warm-up requests first); llm-monitor recording into file H2 (%,.0f records written):",
					requests, warmup, written));
			report(latency, "whole response");
			Results.line("");
			Results.line(String.format(
					"First byte of a stream (%,d streamed requests per path, upstream sends one event " + "per chunk):",
					requests / 4));
			report(firstByte, "first byte");
			notStreaming.forEach((name, reason) -> Results.line(String
				.format("%n%s is left out of the stream figures: its streamed answer failed (%s).", name, reason)));
		}
	}

	private static void report(Map<String, long[]> samples, String what) {
		long[] direct = samples.get("direct");
		double directP50 = percentile(direct, 0.50);
		double directP99 = percentile(direct, 0.99);
		Results.line("");
		Results.line("| path | " + what + " p50 µs | p99 µs | added p50 µs | added p99 µs | p50 / direct p50 |");
		Results.line("|---|---:|---:|---:|---:|---:|");
		Map<String, Double> addedP50 = new LinkedHashMap<>();
		samples.forEach((name, values) -> {
			double p50 = percentile(values, 0.50);
			double p99 = percentile(values, 0.99);
			if (name.equals("direct")) {
				Results.line(String.format("| %s | %.0f | %.0f | | | 1.00 |", name, p50, p99));
			}
			else {
				addedP50.put(name, p50 - directP50);
				Results.line(String.format("| %s | %.0f | %.0f | %+.0f | %+.0f | %.2f |", name, p50, p99,
						p50 - directP50, p99 - directP99, p50 / directP50));
			}
		});
		List<String> names = new ArrayList<>(addedP50.keySet());
		if (names.size() == 2) {
			double ours = addedP50.get(names.get(0));
			double theirs = addedP50.get(names.get(1));
			Results.line("");
			Results.line(String.format("%s: added p50 of %s / added p50 of %s = %.2f", what, names.get(0), names.get(1),
					ours / theirs));
		}
	}

	private static Map<String, long[]> run(Map<String, Target> targets, int requests, boolean stream)
			throws IOException {
		Map<String, long[]> samples = new LinkedHashMap<>();
		targets.keySet().forEach((name) -> samples.put(name, new long[requests]));
		for (int i = 0; i < requests; i++) {
			for (Map.Entry<String, Target> target : targets.entrySet()) {
				samples.get(target.getKey())[i] = target.getValue().call(stream);
			}
		}
		return samples;
	}

	private static double percentile(long[] nanos, double quantile) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))] / 1_000.0;
	}

	private static double recordsWritten(ConfigurableApplicationContext app) {
		FunctionCounter written = app.getBean(MeterRegistry.class)
			.find("llm.monitor.records.written")
			.functionCounter();
		return (written != null) ? written.count() : Double.NaN;
	}

	/** One way to the upstream, over one kept-alive connection. */
	private static final class Target {

		private final OkHttpClient client = new OkHttpClient.Builder().retryOnConnectionFailure(false)
			.connectionPool(new okhttp3.ConnectionPool(1, 5, TimeUnit.MINUTES))
			.build();

		private final Request chat;

		private final Request stream;

		private final byte[] buffer = new byte[16 * 1024];

		Target(String baseUrl, Map<String, String> headers) {
			Request.Builder builder = new Request.Builder().url(baseUrl + "/chat/completions")
				.header("Authorization", "Bearer sk-bench")
				.header("Accept-Encoding", "identity");
			headers.forEach(builder::header);
			this.chat = builder.post(RequestBody.create(CHAT, JSON)).build();
			this.stream = builder.post(RequestBody.create(STREAM, JSON)).build();
		}

		/**
		 * Make one request.
		 * @return nanoseconds to the whole response, or to the first byte of a stream
		 */
		long call(boolean streamed) throws IOException {
			long start = System.nanoTime();
			long measured = 0;
			try (Response response = this.client.newCall(streamed ? this.stream : this.chat).execute()) {
				if (response.code() != 200) {
					throw new IllegalStateException("HTTP " + response.code() + ": " + response.body().string());
				}
				InputStream body = response.body().byteStream();
				int read = body.read(this.buffer);
				if (streamed) {
					measured = System.nanoTime() - start;
				}
				while (read != -1) {
					read = body.read(this.buffer);
				}
			}
			return streamed ? measured : System.nanoTime() - start;
		}

	}

	/** Portkey's gateway, run with Node.js from its npm package. */
	private static final class Portkey implements AutoCloseable {

		private final Process process;

		private final int port;

		private final String version;

		private Portkey(Process process, int port, String version) {
			this.process = process;
			this.port = port;
			this.version = version;
		}

		static Portkey start(String script) throws IOException, InterruptedException {
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			Path packageJson = Path.of(script).toAbsolutePath().getParent().getParent().resolve("package.json");
			String version = Files.readString(packageJson).replaceAll("(?s).*?\"version\":\\s*\"([^\"]+)\".*", "$1");
			Process process = new ProcessBuilder("node", script, "--port=" + port).redirectErrorStream(true)
				.redirectOutput(Path.of(System.getProperty("java.io.tmpdir"), "llm-monitor-bench-portkey.log").toFile())
				.start();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
			while (System.nanoTime() < deadline) {
				try (Socket socket = new Socket("127.0.0.1", port)) {
					return new Portkey(process, port, version);
				}
				catch (IOException notYet) {
					if (!process.isAlive()) {
						throw new IllegalStateException("Portkey's gateway exited with " + process.exitValue());
					}
					Thread.sleep(100);
				}
			}
			process.destroyForcibly();
			throw new UncheckedIOException(new IOException("Portkey's gateway did not open port " + port));
		}

		String baseUrl() {
			return "http://127.0.0.1:" + this.port + "/v1";
		}

		@Override
		public void close() {
			this.process.destroy();
		}

	}

}
