package io.llmmonitor.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * A loopback OpenAI-compatible server that answers every chat completion with a recorded
 * OpenAI response (a recorded event stream when the request asks for one), as fast as it
 * can.
 */
public final class LoopbackOpenAiServer implements AutoCloseable {

	private final HttpServer server;

	private final java.util.concurrent.ExecutorService executor = Executors.newFixedThreadPool(4);

	public LoopbackOpenAiServer() {
		byte[] body = resource("openai-chat-plain.json");
		List<byte[]> events = Arrays
			.stream(new String(resource("openai-chat-stream-plain.sse"), StandardCharsets.UTF_8).split("(?<=\n\n)"))
			.map((event) -> event.getBytes(StandardCharsets.UTF_8))
			.toList();
		// Without it the JDK server's separate header and body writes meet delayed ACKs.
		System.setProperty("sun.net.httpserver.nodelay", "true");
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server.setExecutor(this.executor);
		this.server.createContext("/", (exchange) -> {
			byte[] request;
			try (InputStream in = exchange.getRequestBody()) {
				request = in.readAllBytes();
			}
			boolean streamed = new String(request, StandardCharsets.UTF_8).contains("\"stream\":true");
			exchange.getResponseHeaders().add("Content-Type", streamed ? "text/event-stream" : "application/json");
			exchange.getResponseHeaders().add("x-request-id", "req_bench");
			if (!streamed) {
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
				return;
			}
			// Chunked, one event per chunk, flushed as a provider sends them.
			exchange.sendResponseHeaders(200, 0);
			try (OutputStream out = exchange.getResponseBody()) {
				for (byte[] event : events) {
					out.write(event);
					out.flush();
				}
			}
		});
		this.server.start();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
	}

	static byte[] resource(String name) {
		try (InputStream in = LoopbackOpenAiServer.class.getResourceAsStream("/" + name)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
