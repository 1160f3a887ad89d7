package io.llmmonitor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import okhttp3.mockwebserver.MockResponse;

/**
 * Real provider payloads from {@code src/test/resources/fixtures}, served as
 * MockWebServer responses.
 */
public final class Fixtures {

	private Fixtures() {
	}

	public static String read(String name) {
		try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("No fixture " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static MockResponse json(String name) {
		return json(200, name);
	}

	public static MockResponse json(int status, String name) {
		return new MockResponse().setResponseCode(status)
			.setHeader("Content-Type", "application/json")
			.setHeader("x-request-id", "req_" + name.hashCode())
			.setBody(read(name));
	}

	public static MockResponse sse(String name) {
		return new MockResponse().setHeader("Content-Type", "text/event-stream").setBody(read(name));
	}

}
