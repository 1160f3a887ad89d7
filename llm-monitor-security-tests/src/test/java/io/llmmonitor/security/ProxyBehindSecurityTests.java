package io.llmmonitor.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.llmmonitor.LoopbackOpenAi;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proxy in an application whose security chain does not mention it: Spring Security
 * answers before the proxy does, so nobody reaches the upstream through it, signed in or
 * not (a POST without a CSRF token is refused). Opening it takes a rule of its own, as in
 * {@link ProxyPermittedSecurityTests}.
 */
@SpringBootTest(classes = SecuredApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "llm.monitor.proxy.enabled=true", "spring.ai.openai.api-key=sk-unused",
				"spring.datasource.url=jdbc:h2:mem:proxy-behind-security;DB_CLOSE_DELAY=-1" })
class ProxyBehindSecurityTests {

	static final MockWebServer upstream = LoopbackOpenAi.start();

	static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void upstreamUrl(DynamicPropertyRegistry registry) {
		LoopbackOpenAi.baseUrl(registry, upstream, "llm.monitor.proxy.upstream-url");
	}

	@AfterAll
	static void stopUpstream() {
		LoopbackOpenAi.stop(upstream);
	}

	@Test
	void anonymousClientIsRefusedBeforeTheUpstream() throws Exception {
		int before = upstream.getRequestCount();
		HttpResponse<String> response = post(null);

		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(upstream.getRequestCount()).isEqualTo(before);
	}

	@Test
	void signedInClientWithoutACsrfTokenIsRefusedBeforeTheUpstream() throws Exception {
		int before = upstream.getRequestCount();
		HttpResponse<String> response = post(SecuredApplication.ADMIN);

		// 403 from the CSRF filter, answered as 401 by the error page, which needs a
		// signed-in user too
		assertThat(response.statusCode()).isIn(401, 403);
		assertThat(upstream.getRequestCount()).isEqualTo(before);
	}

	private HttpResponse<String> post(String user) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/llm-proxy/v1/chat/completions"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(CHAT));
		if (user != null) {
			String credentials = user + ":" + SecuredApplication.PASSWORD;
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
