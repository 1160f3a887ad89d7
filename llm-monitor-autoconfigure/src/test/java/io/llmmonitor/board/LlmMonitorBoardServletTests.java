package io.llmmonitor.board;

import io.llmmonitor.TestApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The board's files over real HTTP, in an application with its own context path, board
 * path and actuator mapping.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "server.servlet.context-path=/app", "llm.monitor.board.enabled=true",
				"llm.monitor.board.path=/ops/llm", "management.endpoints.web.base-path=/manage",
				"management.endpoints.web.path-mapping.llmusage=usage",
				"management.endpoints.web.exposure.include=llmcalls,llmusage", "spring.ai.openai.api-key=sk-unused" })
class LlmMonitorBoardServletTests {

	@LocalServerPort
	int port;

	private RestClient http() {
		return RestClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			})
			.build();
	}

	@Test
	void pageNamesTheEndpointsWhereTheActuatorMapsThem() {
		ResponseEntity<String> page = http().get().uri("/app/ops/llm/").retrieve().toEntity(String.class);

		assertThat(page.getStatusCode().value()).isEqualTo(200);
		assertThat(page.getHeaders().getContentType()).hasToString("text/html;charset=utf-8");
		assertThat(page.getBody()).contains("<meta name=\"llm-monitor-calls\" content=\"/app/manage/llmcalls\">",
				"<meta name=\"llm-monitor-usage\" content=\"/app/manage/usage\">",
				"<meta name=\"llm-monitor-notice\" content=\"\">");
		assertThat(page.getHeaders().getFirst("Content-Security-Policy")).contains("script-src 'self'",
				"default-src 'none'");
		assertThat(page.getHeaders().getFirst("X-Content-Type-Options")).isEqualTo("nosniff");
	}

	@Test
	void boardPathWithoutItsSlashRedirectsKeepingTheQuery() {
		ResponseEntity<Void> redirect = http().get().uri("/app/ops/llm?range=7d").retrieve().toBodilessEntity();

		assertThat(redirect.getStatusCode().value()).isEqualTo(302);
		assertThat(redirect.getHeaders().getLocation().getRawPath()).isEqualTo("/app/ops/llm/");
		assertThat(redirect.getHeaders().getLocation().getRawQuery()).isEqualTo("range=7d");
	}

	@Test
	void assetsHaveTheirMediaTypesAndAnEntityTag() {
		ResponseEntity<String> script = http().get()
			.uri("/app/ops/llm/assets/app.js")
			.retrieve()
			.toEntity(String.class);
		assertThat(script.getHeaders().getContentType()).hasToString("text/javascript;charset=utf-8");
		assertThat(script.getBody()).contains("createApi");
		String etag = script.getHeaders().getETag();
		assertThat(etag).matches("\"[0-9a-f]{24}\"");

		ResponseEntity<Void> again = http().get()
			.uri("/app/ops/llm/assets/app.js")
			.header("If-None-Match", etag)
			.retrieve()
			.toBodilessEntity();
		assertThat(again.getStatusCode().value()).isEqualTo(304);

		assertThat(
				http().get().uri("/app/ops/llm/assets/uPlot.iife.min.js").retrieve().toEntity(String.class).getBody())
			.contains("uPlot");
		assertThat(http().get()
			.uri("/app/ops/llm/assets/board.css")
			.retrieve()
			.toEntity(String.class)
			.getHeaders()
			.getContentType()).hasToString("text/css;charset=utf-8");
	}

	@Test
	void onlyTheBoardsOwnFilesAreServed() {
		for (String path : new String[] { "/app/ops/llm/assets/", "/app/ops/llm/assets/index.html",
				"/app/ops/llm/assets/../index.html", "/app/ops/llm/assets/%2e%2e/board.css",
				"/app/ops/llm/assets/app.js/", "/app/ops/llm/other", "/app/ops/llm/assets/LICENSE" }) {
			assertThat(http().get().uri(path).retrieve().toBodilessEntity().getStatusCode().value()).as(path)
				.isIn(400, 404);
		}
		assertThat(http().post().uri("/app/ops/llm/").retrieve().toBodilessEntity().getStatusCode().value())
			.isEqualTo(405);
	}

}
