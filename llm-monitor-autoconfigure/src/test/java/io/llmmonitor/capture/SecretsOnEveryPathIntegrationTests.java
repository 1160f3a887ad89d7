package io.llmmonitor.capture;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmmonitor.Fixtures;
import io.llmmonitor.LoopbackOpenAi;
import io.llmmonitor.Promtool;
import io.llmmonitor.TestApplication;
import io.llmmonitor.context.LlmMonitor;
import io.llmmonitor.record.LlmCallWriter;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Each credential shape seeded into the content and the metadata of calls on every
 * capture path (advisor, the OkHttp client under a Spring AI model, RestClient,
 * WebClient, the proxy with its {@code X-LLM-*} headers), and echoed by the upstream in
 * error messages: none reaches the database, the log or the scrape.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=prometheus", "spring.ai.openai.api-key=sk-unused",
				"spring.ai.openai.max-retries=0", "spring.ai.openai.chat.options.model=gpt-4o",
				"llm.monitor.proxy.enabled=true", "llm.monitor.store.flush-interval=20ms",
				"llm.monitor.metrics.tag-attributes=tenant" })
@AutoConfigureMetrics
@ExtendWith(OutputCaptureExtension.class)
class SecretsOnEveryPathIntegrationTests {

	static final MockWebServer server = LoopbackOpenAi.start();

	/** Each shape, and a part of it that must not be seen anywhere once redacted. */
	private static final List<Secret> SECRETS = List.of(new Secret("sk-proj-Xa9bC3dE5fG7hJ9kL1mN3pQ5", "hJ9kL1mN3pQ5"),
			new Secret("sk-ant-api03-Xa9bC3dE5fG7hJ9kL1mN3pQ5rS7tU9", "N3pQ5rS7tU9"),
			new Secret("AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q", "K1l2M3n4O5p6Q"),
			new Secret("AKIAIOSFODNN7EXAMPLE", "IOSFODNN7EXAMPLE"),
			new Secret("aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "bPxRfiCYEXAMPLEKEY"),
			new Secret("ghp_R2d2C3poR2d2C3poR2d2C3poR2d2C3poR2d2", "R2d2C3poR2d2"),
			new Secret("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuv", "abcdefghijklmnopqrstuv"),
			new Secret("xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp", "AbCdEfGhIjKlMnOp"),
			new Secret("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
					"dozjgNryP4J3jVmNHl0w5N"),
			new Secret("password=hunter2hunter2", "hunter2hunter2"),
			new Secret("client_secret: s3cr3tValue99", "s3cr3tValue99"),
			new Secret("api-key=abcdef0123456789", "abcdef0123456789"));

	private static final Secret PRIVATE_KEY = new Secret(
			"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq\n-----END RSA PRIVATE KEY-----",
			"MIIEowIBAAKCAQEA7bq");

	private final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	ChatClient.Builder chatClientBuilder;

	@Autowired
	ChatModel chatModel;

	@Autowired
	RestClient.Builder restClientBuilder;

	@Autowired
	WebClient.Builder webClientBuilder;

	@Autowired
	LlmCallWriter writer;

	@Autowired
	JdbcTemplate jdbc;

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		LoopbackOpenAi.baseUrl(registry, server, "llm.monitor.proxy.upstream-url");
	}

	@AfterAll
	static void stopServer() {
		LoopbackOpenAi.stop(server);
	}

	@Test
	void noSecretReachesTheDatabaseTheLogOrTheScrape(CapturedOutput output) throws Exception {
		int calls = 0;
		for (Secret secret : SECRETS) {
			calls += callEveryPath(secret, true);
		}
		calls += callEveryPath(PRIVATE_KEY, false);
		int expected = calls;
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.writer.written()
					+ this.writer.status().dropped().values().stream().mapToLong(Long::longValue).sum() >= expected);
		assertThat(this.writer.written()).isEqualTo(expected);

		String stored = storedText();
		String scrape = Promtool.scrape(this.port);
		assertThat(stored).contains("[REDACTED]").contains("Incorrect API key provided");
		assertThat(scrape).contains("project=\"acme [REDACTED]\"").contains("tenant=\"acme [REDACTED]\"");
		for (Secret secret : withPrivateKey()) {
			assertThat(stored.contains(secret.tell())).as("in the database: %s", secret.text()).isFalse();
			assertThat(output.getAll().contains(secret.tell())).as("in the log: %s", secret.text()).isFalse();
			assertThat(scrape.contains(secret.tell())).as("in the scrape: %s", secret.text()).isFalse();
		}
	}

	private List<Secret> withPrivateKey() {
		List<Secret> all = new ArrayList<>(SECRETS);
		all.add(PRIVATE_KEY);
		return all;
	}

	/**
	 * One call on each path with the secret in its prompt; with metadata, also in every
	 * metadata field; the RestClient and proxy calls get it echoed in an error message.
	 */
	private int callEveryPath(Secret secret, boolean inMetadata) throws Exception {
		String prompt = "My credentials are " + secret.text() + ", keep them safe.";
		String metadata = "acme " + secret.text();
		LlmMonitor.ScopeBuilder scope = LlmMonitor.with();
		if (inMetadata) {
			scope.project(metadata)
				.threadId(metadata)
				.userId(metadata)
				.clientId(metadata)
				.tag(metadata)
				.attribute("tenant", metadata);
		}
		try (LlmMonitor.Scope opened = scope.open()) {
			server.enqueue(Fixtures.json("openai-chat-plain.json"));
			this.chatClientBuilder.build().prompt().user(prompt).call().content();

			server.enqueue(Fixtures.json("openai-chat-plain.json"));
			this.chatModel.call(new Prompt(prompt));

			server.enqueue(echoedKey(secret));
			Throwable thrown = catchThrowable(() -> this.restClientBuilder.build()
				.post()
				.uri(server.url("/v1/chat/completions").uri())
				.contentType(MediaType.APPLICATION_JSON)
				.body(chatRequest(prompt))
				.retrieve()
				.body(String.class));
			assertThat(thrown).isNotNull();

			server.enqueue(Fixtures.sse("openai-chat-stream-plain.sse"));
			this.webClientBuilder.build()
				.post()
				.uri(server.url("/v1/chat/completions").uri())
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(chatRequest(prompt))
				.retrieve()
				.bodyToMono(String.class)
				.block(Duration.ofSeconds(10));
		}
		server.enqueue(echoedKey(secret));
		HttpRequest.Builder proxied = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/llm-proxy/v1/chat/completions"))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer sk-proj-Xa9bC3dE5fG7hJ9kL1mN3pQ5")
			.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(chatRequest(prompt))));
		if (inMetadata) {
			proxied.header("X-LLM-Project", metadata)
				.header("X-LLM-Thread-Id", metadata)
				.header("X-LLM-User-Id", metadata)
				.header("X-LLM-Client-Id", metadata)
				.header("X-LLM-Tags", metadata)
				.header("X-LLM-Attribute-Tenant", metadata);
		}
		assertThat(this.http.send(proxied.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
		return 5;
	}

	private static Map<String, Object> chatRequest(String prompt) {
		return Map.of("model", "gpt-4o-mini", "messages", List.of(Map.of("role", "user", "content", prompt)));
	}

	/** A 401 whose message names the key the client sent, as some upstreams do. */
	private static MockResponse echoedKey(Secret secret) {
		String body = Fixtures.read("openai-error-401-invalid-api-key.json")
			.replace("\\u003cnot-a-r****key\\u003e", secret.text().replace("\n", "\\n"));
		return new MockResponse().setResponseCode(401).setHeader("Content-Type", "application/json").setBody(body);
	}

	private String storedText() {
		StringBuilder text = new StringBuilder();
		for (String table : List.of("llm_call", "llm_call_attribute", "llm_call_tag", "llm_usage_hour",
				"llm_usage_day")) {
			this.jdbc.queryForList("SELECT * FROM " + table).forEach((row) -> text.append(row).append('\n'));
		}
		return text.toString();
	}

	record Secret(String text, String tell) {
	}

}
