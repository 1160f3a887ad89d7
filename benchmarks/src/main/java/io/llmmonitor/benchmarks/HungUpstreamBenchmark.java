package io.llmmonitor.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An upstream that accepts every connection and never answers, behind the proxy, sent 220
 * concurrent calls (more than Tomcat's 200 threads): how the application's
 * {@code /actuator/health} answers meanwhile, against its answers before the calls, with
 * the proxy's concurrency limit at its default (100) and lifted past the thread count
 * (1000).
 */
public final class HungUpstreamBenchmark {

	private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

	private static final int TOMCAT_THREADS = 200;

	private HungUpstreamBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int calls = Integer.getInteger("bench.hung.calls", 220);
		int probes = Integer.getInteger("bench.hung.probes", 200);
		Results.line("");
		Results.line("## A hung upstream behind the proxy (HungUpstreamBenchmark)");
		Results.line("");
		Results.line(calls + " concurrent proxied calls to an upstream that never answers; Tomcat's default 200 "
				+ "threads; " + probes
				+ " sequential `/actuator/health` requests (5 s client timeout) before and during.");
		Results.line("");
		Results.line("| `proxy.max-concurrent` | calls answered 429 | calls held | health before p50 / p99 (ms) "
				+ "| health during p50 / p99 / max (ms) | health timed out |");
		Results.line("|---|---|---|---|---|---|");
		for (int limit : new int[] { 100, 1000 }) {
			run(limit, calls, probes);
		}
	}

	private static void run(int limit, int calls, int probes) throws Exception {
		try (HungServer upstream = new HungServer();
				ConfigurableApplicationContext app = BenchmarkApplication.startWeb("llm.monitor.proxy.enabled=true",
						"llm.monitor.proxy.upstream-url=http://127.0.0.1:" + upstream.port() + "/v1",
						"llm.monitor.proxy.max-concurrent=" + limit, "spring.ai.openai.api-key=sk-bench",
						"management.endpoints.web.exposure.include=health")) {
			int port = ((WebServerApplicationContext) app).getWebServer().getPort();
			HttpClient http = HttpClient.newBuilder().executor(Executors.newCachedThreadPool()).build();
			URI health = URI.create("http://127.0.0.1:" + port + "/actuator/health");
			Probe before = probe(http, health, probes);
			ExecutorService clients = Executors.newFixedThreadPool(calls);
			AtomicInteger rejected = new AtomicInteger();
			List<Future<?>> pending = new ArrayList<>();
			for (int i = 0; i < calls; i++) {
				pending.add(clients.submit(() -> {
					HttpRequest request = HttpRequest
						.newBuilder(URI.create("http://127.0.0.1:" + port + "/llm-proxy/v1/chat/completions"))
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString(CHAT))
						.build();
					try {
						if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 429) {
							rejected.incrementAndGet();
						}
					}
					catch (IOException ex) {
						// Answered once the upstream is closed at the end.
					}
					return null;
				}));
			}
			// Every call is held upstream, answered 429 or waiting for a server thread.
			upstream.awaitConnections(rejected, Math.min(calls, TOMCAT_THREADS));
			int held = upstream.connections();
			Probe during = probe(http, health, probes);
			upstream.close();
			for (Future<?> call : pending) {
				call.get();
			}
			clients.shutdown();
			Results.line(String.format("| %d | %d | %d | %.1f / %.1f | %s | %d of %d |", limit, rejected.get(), held,
					before.percentile(50), before.percentile(99), during.answered() ? String
						.format("%.1f / %.1f / %.1f", during.percentile(50), during.percentile(99), during.max()) : "—",
					during.timedOut, probes));
		}
	}

	private static Probe probe(HttpClient http, URI health, int probes) throws InterruptedException {
		List<Long> nanos = new ArrayList<>();
		int timedOut = 0;
		for (int i = 0; i < probes; i++) {
			long start = System.nanoTime();
			try {
				http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.discarding());
				nanos.add(System.nanoTime() - start);
			}
			catch (HttpTimeoutException ex) {
				timedOut++;
				if (timedOut >= 3) {
					// Three in a row: the application no longer answers; the rest would
					// too.
					return new Probe(nanos.stream().mapToLong(Long::longValue).toArray(), timedOut + probes - i - 1);
				}
			}
			catch (IOException ex) {
				timedOut++;
			}
		}
		return new Probe(nanos.stream().mapToLong(Long::longValue).toArray(), timedOut);
	}

	private record Probe(long[] nanos, int timedOut) {

		boolean answered() {
			return this.nanos.length > 0 && this.timedOut == 0;
		}

		double percentile(int p) {
			long[] sorted = this.nanos.clone();
			Arrays.sort(sorted);
			return (sorted.length == 0) ? Double.NaN
					: sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
		}

		double max() {
			return Arrays.stream(this.nanos).max().orElse(0) / 1e6;
		}

	}

	/** Accepts connections, reads what arrives and never answers, until closed. */
	private static final class HungServer implements AutoCloseable {

		private final ServerSocket server = new ServerSocket(0, 1000, InetAddress.getLoopbackAddress());

		private final ConcurrentLinkedQueue<Socket> sockets = new ConcurrentLinkedQueue<>();

		private final AtomicInteger connections = new AtomicInteger();

		private final Thread acceptor;

		HungServer() throws IOException {
			this.acceptor = new Thread(this::accept, "hung-upstream");
			this.acceptor.setDaemon(true);
			this.acceptor.start();
		}

		int port() {
			return this.server.getLocalPort();
		}

		int connections() {
			return this.connections.get();
		}

		void awaitConnections(AtomicInteger rejected, int calls) throws InterruptedException {
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			synchronized (this) {
				while (this.connections.get() + rejected.get() < calls && System.nanoTime() < deadline) {
					wait(100);
				}
			}
		}

		private void accept() {
			while (!this.server.isClosed()) {
				try {
					Socket socket = this.server.accept();
					this.sockets.add(socket);
					Thread reader = new Thread(() -> drain(socket));
					reader.setDaemon(true);
					reader.start();
					this.connections.incrementAndGet();
					synchronized (this) {
						notifyAll();
					}
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		private static void drain(Socket socket) {
			byte[] buffer = new byte[8192];
			try (InputStream in = socket.getInputStream()) {
				while (in.read(buffer) != -1) {
					// The request is read and never answered.
				}
			}
			catch (IOException ex) {
				// Closed at the end of the run.
			}
		}

		@Override
		public void close() throws IOException {
			this.server.close();
			for (Socket socket : this.sockets) {
				socket.close();
			}
		}

	}

}
