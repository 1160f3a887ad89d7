package io.llmmonitor.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.llmmonitor.Fixtures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upstream behind the proxy under test: a loopback server that answers each request
 * with the next queued {@link Reply} and keeps what it received.
 */
final class UpstreamServer implements AutoCloseable {

	private final HttpServer server;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();

	private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

	UpstreamServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.setExecutor(this.executor);
		// A reply that throws leaves the connection to be closed without an ending.
		this.server.createContext("/", (exchange) -> {
			Map<String, List<String>> headers = new LinkedHashMap<>();
			exchange.getRequestHeaders()
				.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
			this.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers,
					exchange.getRequestBody().readAllBytes()));
			Reply reply = this.replies.poll();
			if (reply == null) {
				reply = send(500, "text/plain", "no reply queued");
			}
			reply.send(exchange);
			exchange.close();
		});
		this.server.start();
	}

	static UpstreamServer start() {
		try {
			return new UpstreamServer();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	void enqueue(Reply reply) {
		this.replies.add(reply);
	}

	Received takeRequest() throws InterruptedException {
		Received request = this.received.poll(10, TimeUnit.SECONDS);
		assertThat(request).as("a request reached the upstream").isNotNull();
		return request;
	}

	boolean hasRequest() {
		return !this.received.isEmpty();
	}

	void reset() {
		this.replies.clear();
		this.received.clear();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	static Reply json(String fixture, String... headers) {
		return json(200, fixture, headers);
	}

	static Reply json(int status, String fixture, String... headers) {
		return send(status, "application/json", Fixtures.read(fixture), headers);
	}

	static Reply sse(String fixture) {
		return send(200, "text/event-stream", Fixtures.read(fixture));
	}

	static Reply send(int status, String contentType, String body, String... headers) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return (exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", contentType);
			for (int i = 0; i < headers.length; i += 2) {
				exchange.getResponseHeaders().add(headers[i], headers[i + 1]);
			}
			exchange.sendResponseHeaders(status, (bytes.length > 0) ? bytes.length : -1);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		};
	}

	/** Closes the connection without an answer. */
	static Reply hangUp() {
		return (exchange) -> {
			throw new IOException("hanging up");
		};
	}

	/** What the upstream received. */
	record Received(String method, String uri, Map<String, List<String>> headers, byte[] body) {

		String header(String name) {
			List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
			return (values != null) ? values.get(0) : null;
		}

		boolean hasHeaderStartingWith(String prefix) {
			return this.headers.keySet().stream().anyMatch((name) -> name.startsWith(prefix));
		}

		String bodyText() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

	@FunctionalInterface
	interface Reply {

		void send(HttpExchange exchange) throws IOException;

	}

	/**
	 * Sends the first part of an event stream, then holds the rest until released (or
	 * breaks off there instead).
	 */
	static final class Holding implements Reply {

		private final String first;

		private final String rest;

		private final boolean breakOff;

		private final CountDownLatch release = new CountDownLatch(1);

		Holding(String first, String rest, boolean breakOff) {
			this.first = first;
			this.rest = rest;
			this.breakOff = breakOff;
		}

		@Override
		public void send(HttpExchange exchange) throws IOException {
			exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
			exchange.sendResponseHeaders(200, 0);
			OutputStream out = exchange.getResponseBody();
			out.write(this.first.getBytes(StandardCharsets.UTF_8));
			out.flush();
			boolean released = false;
			try {
				released = this.release.await(20, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (!released || this.breakOff) {
				throw new IOException(released ? "breaking off" : "never released");
			}
			out.write(this.rest.getBytes(StandardCharsets.UTF_8));
			out.close();
		}

		boolean holding() {
			return this.release.getCount() == 1;
		}

		void release() {
			this.release.countDown();
		}

	}

	/** Never answers until released. */
	static final class Silent implements Reply {

		private final CountDownLatch release = new CountDownLatch(1);

		@Override
		public void send(HttpExchange exchange) throws IOException {
			try {
				this.release.await(20, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			throw new IOException("gave up");
		}

		void release() {
			this.release.countDown();
		}

	}

	/**
	 * An event stream far longer than any socket buffer: it only ends early if its reader
	 * goes away.
	 */
	static final class Endless implements Reply {

		static final int EVENTS = 1_000_000;

		final CompletableFuture<Integer> stoppedAfter = new CompletableFuture<>();

		@Override
		public void send(HttpExchange exchange) throws IOException {
			exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
			exchange.sendResponseHeaders(200, 0);
			OutputStream out = exchange.getResponseBody();
			int sent = 0;
			try {
				for (; sent < EVENTS; sent++) {
					out.write(
							("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\","
									+ "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"word " + sent + " \"}}]}\n\n")
								.getBytes(StandardCharsets.UTF_8));
					out.flush();
				}
				out.close();
				this.stoppedAfter.complete(sent);
			}
			catch (IOException ex) {
				this.stoppedAfter.complete(sent);
				throw ex;
			}
		}

	}

}
