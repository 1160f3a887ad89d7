package io.llmmonitor.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.llmmonitor.CapturedCalls;
import io.llmmonitor.TestApplication;
import io.llmmonitor.record.CallStatus;
import io.llmmonitor.record.LlmCall;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that leaves an event stream while the upstream is silent is noticed by the
 * keep-alive comments: the upstream connection is closed (seen here on a raw socket) long
 * before the idle timeout, and the record says {@code finishReason=cancelled} with what
 * had arrived.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "llm.monitor.proxy.enabled=true", "llm.monitor.proxy.stream-keep-alive=100ms",
				"llm.monitor.proxy.idle-timeout=60s", "llm.monitor.store.flush-interval=20ms",
				"spring.ai.openai.api-key=sk-unused" })
@Import(CapturedCalls.class)
class LlmMonitorProxyClientGoneIntegrationTests {

	private static final ServerSocket upstream = open();

	@LocalServerPort
	int port;

	@Autowired
	CapturedCalls captured;

	@DynamicPropertySource
	static void upstreamUrl(DynamicPropertyRegistry registry) {
		registry.add("llm.monitor.proxy.upstream-url", () -> "http://127.0.0.1:" + upstream.getLocalPort() + "/v1");
	}

	@AfterAll
	static void closeUpstream() throws IOException {
		upstream.close();
	}

	@Test
	void clientLeavingWhileTheUpstreamIsSilentCancelsTheUpstreamCall() throws Exception {
		CompletableFuture<Boolean> upstreamClosed = CompletableFuture.supplyAsync(UpstreamThatFallsSilent::serve);

		try (Socket client = new Socket("127.0.0.1", this.port)) {
			LlmMonitorProxyLimitsIntegrationTests.sendStreamRequest(client.getOutputStream());
			LlmMonitorProxyLimitsIntegrationTests.readUntil(client.getInputStream(), "data: ");
		}

		assertThat(upstreamClosed.get(10, TimeUnit.SECONDS)).as("the proxy closed its upstream connection").isTrue();
		LlmCall call = this.captured.only();
		assertThat(call.outcome().status()).isEqualTo(CallStatus.SUCCESS);
		assertThat(call.response().finishReason()).isEqualTo("cancelled");
		assertThat(call.response().responseText()).isEqualTo("Hello");
	}

	private static ServerSocket open() {
		try {
			return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Sends the start of an event stream, then nothing, until the proxy hangs up. */
	private static final class UpstreamThatFallsSilent {

		static boolean serve() {
			try (Socket socket = upstream.accept()) {
				InputStream in = socket.getInputStream();
				String head = LlmMonitorProxyLimitsIntegrationTests.readUntil(in, "\r\n\r\n");
				int length = Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
				in.readNBytes(length);
				String event = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\","
						+ "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hello\"}}]}\n\n";
				byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
				OutputStream out = socket.getOutputStream();
				out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
						+ Integer.toHexString(bytes.length) + "\r\n")
					.getBytes(StandardCharsets.US_ASCII));
				out.write(bytes);
				out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
				return in.read() == -1;
			}
			catch (IOException ex) {
				// A reset connection is the proxy hanging up too.
				return true;
			}
		}

	}

}
