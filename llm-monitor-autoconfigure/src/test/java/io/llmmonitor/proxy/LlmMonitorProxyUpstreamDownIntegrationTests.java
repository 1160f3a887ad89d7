package io.llmmonitor.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.InternalServerException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.llmmonitor.CapturedCalls;
import io.llmmonitor.TestApplication;
import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.CallStatus;
import io.llmmonitor.record.LlmCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * An upstream port nobody listens on, and one whose server resets each connection once it
 * has read the request: the client gets an OpenAI-style 502 and the call is recorded as
 * an error.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "llm.monitor.proxy.enabled=true", "llm.monitor.store.flush-interval=20ms",
				"spring.ai.openai.api-key=sk-unused" })
@Import(CapturedCalls.class)
class LlmMonitorProxyUpstreamDownIntegrationTests {

	static final int UPSTREAM_PORT = freePort();

	@LocalServerPort
	int port;

	@Autowired
	CapturedCalls captured;

	private ServerSocket resetting;

	@DynamicPropertySource
	static void upstreamUrl(DynamicPropertyRegistry registry) {
		registry.add("llm.monitor.proxy.upstream-url", () -> "http://127.0.0.1:" + UPSTREAM_PORT + "/v1");
	}

	@BeforeEach
	void setUp() {
		this.captured.clear();
	}

	@AfterEach
	void stopResetting() throws IOException {
		if (this.resetting != null) {
			this.resetting.close();
		}
	}

	@Test
	void refusedConnectionAnswers502AndIsRecordedAsAnError() {
		Throwable thrown = catchThrowable(this::chat);

		assertThat(thrown).isInstanceOfSatisfying(InternalServerException.class, (ex) -> {
			assertThat(ex.statusCode()).isEqualTo(502);
			assertThat(ex.code()).hasValue("upstream_unreachable");
			assertThat(ex.getMessage()).contains("Connection refused");
		});
		LlmCall call = this.captured.only();
		assertThat(call.origin().source()).isEqualTo(CallSource.PROXY);
		assertThat(call.outcome().status()).isEqualTo(CallStatus.ERROR);
		assertThat(call.outcome().errorType()).isEqualTo("connection_refused");
		assertThat(call.outcome().exceptionClass()).isEqualTo("java.net.ConnectException");
		assertThat(call.request().messages()).isNotEmpty();
	}

	@Test
	void resetConnectionAnswers502AndIsRecordedAsAnError() throws IOException {
		this.resetting = new ServerSocket();
		this.resetting.setReuseAddress(true);
		this.resetting.bind(new InetSocketAddress("127.0.0.1", UPSTREAM_PORT));
		Thread server = new Thread(this::resetEachConnection, "resetting-upstream");
		server.setDaemon(true);
		server.start();

		Throwable thrown = catchThrowable(this::chat);

		assertThat(thrown).isInstanceOfSatisfying(InternalServerException.class, (ex) -> {
			assertThat(ex.statusCode()).isEqualTo(502);
			assertThat(ex.code()).hasValue("upstream_unreachable");
		});
		LlmCall call = this.captured.only();
		assertThat(call.outcome().status()).isEqualTo(CallStatus.ERROR);
		assertThat(call.outcome().errorMessage()).isNotEmpty();
	}

	private void resetEachConnection() {
		while (!this.resetting.isClosed()) {
			try (Socket socket = this.resetting.accept()) {
				readHeaders(socket.getInputStream());
				socket.setSoLinger(true, 0);
			}
			catch (IOException ex) {
				// closed at the end of the test
			}
		}
	}

	private static void readHeaders(InputStream in) throws IOException {
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		int b;
		while (matched < end.length && (b = in.read()) != -1) {
			matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
	}

	private void chat() {
		OpenAIOkHttpClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port + "/llm-proxy/v1")
			.apiKey("sk-client")
			.maxRetries(0)
			.build()
			.chat()
			.completions()
			.create(ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Hi").build());
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
