package io.llmmonitor.http;

import java.io.IOException;

import io.llmmonitor.Fixtures;
import io.llmmonitor.record.CallSource;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LlmMonitorOkHttpInterceptor} in a real OkHttp client against a loopback server.
 */
class LlmMonitorOkHttpInterceptorTests {

	private final RecordingCapture recording = new RecordingCapture(1024 * 1024);

	private final MockWebServer server = new MockWebServer();

	@BeforeEach
	void start() throws IOException {
		this.server.start();
	}

	@AfterEach
	void stop() throws IOException {
		this.server.shutdown();
	}

	@Test
	void interceptorAddedTwiceRecordsEachCallOnce() throws IOException {
		LlmMonitorOkHttpInterceptor interceptor = new LlmMonitorOkHttpInterceptor(this.recording.capture);
		OkHttpClient client = new OkHttpClient.Builder().addInterceptor(interceptor)
			.addInterceptor(new LlmMonitorOkHttpInterceptor(this.recording.capture))
			.addNetworkInterceptor(interceptor)
			.build();

		for (int i = 0; i < 2; i++) {
			this.server.enqueue(Fixtures.json("openai-chat-plain.json"));
			try (Response response = client.newCall(chatRequest()).execute()) {
				assertThat(response.body().string()).contains("chatcmpl");
			}
		}

		assertThat(this.recording.calls).hasSize(2);
		assertThat(this.recording.calls).extracting((call) -> call.origin().source()).containsOnly(CallSource.HTTP);
		assertThat(this.recording.calls).extracting((call) -> call.tokens().totalTokens()).doesNotContainNull();
	}

	private Request chatRequest() {
		return new Request.Builder().url(this.server.url("/v1/chat/completions"))
			.post(RequestBody.create(
					"{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
					MediaType.get("application/json")))
			.build();
	}

}
