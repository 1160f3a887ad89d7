package io.llmmonitor.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.llmmonitor.Fixtures;
import io.llmmonitor.LoopbackOpenAi;
import io.llmmonitor.record.LlmCallWriter;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The proxy opened in the security chain and guarded by its own keys: a client with a
 * proxy key reaches the upstream with the upstream's key and its call is recorded; one
 * without a proxy key is refused by the proxy; the endpoints stay closed to anonymous
 * clients.
 */
@SpringBootTest(classes = ProxyPermittingApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.monitor.proxy.enabled=true", "spring.ai.openai.api-key=sk-unused",
				"llm.monitor.proxy.keys.team-a.key=sk-proxy-team-a",
				"llm.monitor.proxy.keys.team-a.upstream-key=sk-upstream-team-a",
				"llm.monitor.proxy.keys.team-a.project=team-a", "llm.monitor.store.flush-interval=20ms",
				"management.endpoints.web.exposure.include=llmcalls,llmusage",
				"spring.datasource.url=jdbc:h2:mem:proxy-permitted-security;DB_CLOSE_DELAY=-1" })
class ProxyPermittedSecurityTests {

	static final MockWebServer upstream = LoopbackOpenAi.start();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	LlmCallWriter writer;

	@Autowired
	JdbcTemplate jdbc;

	@DynamicPropertySource
	static void upstreamUrl(DynamicPropertyRegistry registry) {
		LoopbackOpenAi.baseUrl(registry, upstream, "llm.monitor.proxy.upstream-url");
	}

	@AfterAll
	static void stopUpstream() {
		LoopbackOpenAi.stop(upstream);
	}

	@BeforeEach
	void forgetRequests() {
		LoopbackOpenAi.forgetRequests(upstream);
	}

	@Test
	void clientWithAProxyKeyReachesTheUpstreamAndIsRecorded() throws Exception {
		upstream.enqueue(Fixtures.json("openai-chat-plain.json"));
		long before = this.writer.written();

		HttpResponse<String> response = post("Bearer sk-proxy-team-a");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(Fixtures.read("openai-chat-plain.json"));
		RecordedRequest forwarded = upstream.takeRequest();
		assertThat(forwarded.getHeader("Authorization")).isEqualTo("Bearer sk-upstream-team-a");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.writer.written() == before + 1);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM llm_call WHERE project = 'team-a'", Long.class))
			.isOne();
	}

	@Test
	void clientWithoutAProxyKeyIsRefusedByTheProxy() throws Exception {
		int before = upstream.getRequestCount();
		HttpResponse<String> response = post("Bearer sk-not-a-proxy-key");

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).contains("\"code\":\"invalid_api_key\"");
		assertThat(upstream.getRequestCount()).isEqualTo(before);
	}

	@Test
	void endpointsStayClosedToAnonymousClients() throws Exception {
		HttpResponse<String> calls = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/llmcalls")).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(calls.statusCode()).isEqualTo(401);
	}

	private HttpResponse<String> post(String authorization) throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/llm-proxy/v1/chat/completions"))
			.header("Content-Type", "application/json")
			.header("Authorization", authorization)
			.POST(HttpRequest.BodyPublishers.ofString(ProxyBehindSecurityTests.CHAT))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
