package io.llmmonitor.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

/**
 * A loopback server that sends the first part of an event stream, then holds the rest
 * until the test releases it: proof that a chunk reached the caller while the upstream
 * was still sending.
 */
final class HoldingSseServer implements AutoCloseable {

	private final HttpServer server;

	private final CountDownLatch release = new CountDownLatch(1);

	private final CountDownLatch finished = new CountDownLatch(1);

	HoldingSseServer(String first, String rest) throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", (exchange) -> {
			exchange.getRequestBody().readAllBytes();
			exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
			exchange.sendResponseHeaders(200, 0);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(first.getBytes(StandardCharsets.UTF_8));
				out.flush();
				if (this.release.await(20, TimeUnit.SECONDS)) {
					out.write(rest.getBytes(StandardCharsets.UTF_8));
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.finished.countDown();
			}
		});
		this.server.start();
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	/** Whether the rest of the stream is still held back. */
	boolean holding() {
		return this.release.getCount() == 1;
	}

	void release() {
		this.release.countDown();
	}

	@Override
	public void close() {
		release();
		this.server.stop(0);
	}

}
