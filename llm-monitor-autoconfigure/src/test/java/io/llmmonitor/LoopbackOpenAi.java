package io.llmmonitor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

import okhttp3.mockwebserver.MockWebServer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An OpenAI-compatible upstream on loopback for a test class: a started
 * {@link MockWebServer} that serves the payloads each test enqueues, and the base URL
 * properties that point an application at it.
 */
public final class LoopbackOpenAi {

	private LoopbackOpenAi() {
	}

	/**
	 * Start an upstream.
	 * @return the started server
	 */
	public static MockWebServer start() {
		MockWebServer server = new MockWebServer();
		try {
			server.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return server;
	}

	/**
	 * Point Spring AI's OpenAI models, and each of the given properties, at the
	 * upstream's {@code /v1}.
	 * @param registry the test's properties
	 * @param server the upstream
	 * @param properties more properties that take a base URL
	 */
	public static void baseUrl(DynamicPropertyRegistry registry, MockWebServer server, String... properties) {
		registry.add("spring.ai.openai.base-url", () -> server.url("/v1").toString());
		for (String property : properties) {
			registry.add(property, () -> server.url("/v1").toString());
		}
	}

	/**
	 * Forget the requests earlier tests made.
	 * @param server the upstream
	 */
	public static void forgetRequests(MockWebServer server) {
		try {
			while (server.takeRequest(1, TimeUnit.MILLISECONDS) != null) {
				// taken
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Stop an upstream.
	 * @param server the upstream
	 */
	public static void stop(MockWebServer server) {
		try {
			server.shutdown();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
