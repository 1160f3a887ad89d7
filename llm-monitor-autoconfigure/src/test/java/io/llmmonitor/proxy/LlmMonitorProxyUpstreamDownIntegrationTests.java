package io.llmmonitor.proxy;

import java.io.IOException;
import java.net.ServerSocket;

import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.InternalServerException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.llmmonitor.CapturedCalls;
import io.llmmonitor.TestApplication;
import io.llmmonitor.record.LlmCall;
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
 * An upstream nobody listens on: the client gets an OpenAI-style 502 and the call is
 * recorded as an error.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "llm.monitor.proxy.enabled=true", "llm.monitor.store.flush-interval=20ms",
				"spring.ai.openai.api-key=sk-unused" })
@Import(CapturedCalls.class)
class LlmMonitorProxyUpstreamDownIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	CapturedCalls captured;

	@DynamicPropertySource
	static void upstreamUrl(DynamicPropertyRegistry registry) throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		registry.add("llm.monitor.proxy.upstream-url", () -> "http://127.0.0.1:" + closedPort + "/v1");
	}

	@Test
	void refusedConnectionAnswers502AndIsRecordedAsAnError() {
		Throwable thrown = catchThrowable(() -> OpenAIOkHttpClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port + "/llm-proxy/v1")
			.apiKey("sk-client")
			.maxRetries(0)
			.build()
			.chat()
			.completions()
			.create(ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Hi").build()));

		assertThat(thrown).isInstanceOfSatisfying(InternalServerException.class, (ex) -> {
			assertThat(ex.statusCode()).isEqualTo(502);
			assertThat(ex.code()).hasValue("upstream_unreachable");
			assertThat(ex.getMessage()).contains("Connection refused");
		});
		LlmCall call = this.captured.only();
		assertThat(call.source()).isEqualTo("proxy");
		assertThat(call.status()).isEqualTo("error");
		assertThat(call.errorType()).isEqualTo("java.net.ConnectException");
		assertThat(call.messages()).isNotEmpty();
	}

}
