package io.llmmonitor;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.springai.LlmMonitorAdvisor;
import io.llmmonitor.springai.LlmMonitorRoundAdvisor;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatusCode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * One failure has one {@code errorType} whatever the capture point: the same answer of
 * the provider, or the same refused connection, through a ChatClient call and stream, the
 * model used directly, a RestClient and the proxy.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.ai.openai.api-key=sk-test-0123456789abcdefghij", "spring.ai.openai.max-retries=0",
				"spring.ai.openai.chat.options.model=gpt-4o", "llm.monitor.proxy.enabled=true" })
@Import(CapturedCalls.class)
class OneErrorTypeIntegrationTests {

	static final MockWebServer server = LoopbackOpenAi.start();

	private static final String MODEL_NOT_FOUND = "{\"error\": {\"message\": \"The model `gpt-9` does not exist or you"
			+ " do not have access to it.\", \"type\": \"invalid_request_error\", \"param\": null, \"code\":"
			+ " \"model_not_found\"}}";

	private static final Map<String, Object> CHAT_REQUEST = Map.of("model", "gpt-9", "messages",
			List.of(Map.of("role", "user", "content", "Hi")));

	@LocalServerPort
	int port;

	@Autowired
	ChatClient.Builder chatClientBuilder;

	@Autowired
	ChatModel chatModel;

	@Autowired
	RestClient.Builder restClientBuilder;

	@Autowired
	LlmMonitorAdvisor advisor;

	@Autowired
	LlmMonitorRoundAdvisor roundAdvisor;

	@Autowired
	ObjectProvider<OpenAiHttpClientBuilderCustomizer> openAiCustomizers;

	@Autowired
	CapturedCalls captured;

	@DynamicPropertySource
	static void openAi(DynamicPropertyRegistry registry) {
		LoopbackOpenAi.baseUrl(registry, server, "llm.monitor.proxy.upstream-url");
	}

	@AfterAll
	static void stopServer() {
		LoopbackOpenAi.stop(server);
	}

	@BeforeEach
	void clear() {
		this.captured.clear();
	}

	@Test
	void providerErrorAnswerHasTheProvidersTypeOnEveryPath() {
		assertThat(notFound((chat) -> chat.prompt().user("Hi").call().content())).isEqualTo(CallSource.ADVISOR);
		assertThat(notFound((chat) -> chat.prompt().user("Hi").stream().content().blockLast(Duration.ofSeconds(10))))
			.isEqualTo(CallSource.ADVISOR);
		assertThat(notFound((chat) -> this.chatModel.call(new Prompt("Hi")))).isEqualTo(CallSource.HTTP);
		assertThat(notFound((chat) -> post(this.restClientBuilder, server.url("/v1/chat/completions").toString())))
			.isEqualTo(CallSource.HTTP);
		// a client of the proxy is any program: here one that llm-monitor does not watch
		assertThat(notFound((chat) -> post(RestClient.builder(),
				"http://127.0.0.1:" + this.port + "/llm-proxy/v1/chat/completions")))
			.isEqualTo(CallSource.PROXY);
	}

	@Test
	void refusedConnectionHasOneNameOnEveryPath() throws IOException {
		String deadUrl = "http://127.0.0.1:" + freePort() + "/v1";
		OpenAiChatModel deadModel = OpenAiChatModel.builder()
			.options(OpenAiChatOptions.builder()
				.baseUrl(deadUrl)
				.apiKey("sk-test")
				.model("gpt-4o")
				.maxRetries(0)
				.build())
			.httpClientBuilderCustomizers(this.openAiCustomizers.orderedStream().toList())
			.build();
		ChatClient deadClient = ChatClient.builder(deadModel).defaultAdvisors(this.advisor, this.roundAdvisor).build();

		assertThat(refused(() -> deadClient.prompt().user("Hi").call().content())).isEqualTo(CallSource.ADVISOR);
		assertThat(refused(() -> deadClient.prompt().user("Hi").stream().content().blockLast(Duration.ofSeconds(10))))
			.isEqualTo(CallSource.ADVISOR);
		assertThat(refused(() -> deadModel.call(new Prompt("Hi")))).isEqualTo(CallSource.HTTP);
		assertThat(refused(() -> post(this.restClientBuilder, deadUrl + "/chat/completions")))
			.isEqualTo(CallSource.HTTP);
	}

	private CallSource notFound(Consumer<ChatClient> call) {
		server.enqueue(new MockResponse().setResponseCode(404)
			.setHeader("Content-Type", "application/json")
			.setBody(MODEL_NOT_FOUND));
		catchThrowable(() -> call.accept(this.chatClientBuilder.build()));
		LlmCall record = only();
		assertThat(record.outcome().errorType()).as(record.origin().source().value())
			.isEqualTo("invalid_request_error");
		assertThat(record.outcome().httpStatus()).as(record.origin().source().value()).isEqualTo(404);
		return record.origin().source();
	}

	private CallSource refused(Runnable call) {
		assertThat(catchThrowable(call::run)).isNotNull();
		LlmCall record = only();
		assertThat(record.outcome().errorType()).as(record.origin().source().value()).isEqualTo("connection_refused");
		assertThat(record.outcome().httpStatus()).isNull();
		return record.origin().source();
	}

	private LlmCall only() {
		LlmCall record = this.captured.only();
		this.captured.clear();
		return record;
	}

	private static void post(RestClient.Builder client, String url) {
		client.build()
			.post()
			.uri(url)
			.body(CHAT_REQUEST)
			.retrieve()
			.onStatus(HttpStatusCode::isError, (request, response) -> {
			})
			.body(String.class);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
