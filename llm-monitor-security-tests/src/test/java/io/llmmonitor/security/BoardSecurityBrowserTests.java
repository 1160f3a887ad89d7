package io.llmmonitor.security;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.llmmonitor.board.BoardPage;
import io.llmmonitor.board.BoardSeed;
import io.llmmonitor.board.Chromium;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The board under Spring Security, in headless Chromium: an anonymous visitor gets the
 * page but no data, a signed-in user gets usage and calls without their content, and a
 * user with the content role gets the content too.
 */
@SpringBootTest(classes = SecuredApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=llmcalls,llmusage", "llm.monitor.board.enabled=true",
				"llm.monitor.endpoint.roles=LLM_CONTENT", "spring.ai.openai.api-key=sk-unused",
				"spring.datasource.url=jdbc:h2:mem:board-security;DB_CLOSE_DELAY=-1" })
class BoardSecurityBrowserTests {

	@TempDir
	static Path profile;

	static ChromeDriver driver;

	@LocalServerPort
	int port;

	@Autowired
	LlmCallRepository repository;

	@Autowired
	JdbcTemplate jdbc;

	BoardPage board;

	LlmCall threadTurn;

	@BeforeAll
	static void startBrowser() {
		driver = Chromium.start(profile);
	}

	@AfterAll
	static void stopBrowser() {
		if (driver != null) {
			driver.quit();
		}
	}

	@BeforeEach
	void seed() {
		BoardSeed.clear(this.jdbc);
		List<LlmCall> calls = BoardSeed.calls();
		this.repository.saveAll(calls);
		this.threadTurn = calls.get(BoardSeed.MINUTE_CALLS + 1);
		this.board = new BoardPage(driver, url("/llm-monitor/"));
		driver.get(url("/login"));
		driver.manage().deleteAllCookies();
		Chromium.consoleProblems(driver);
	}

	@AfterEach
	void screenshot(TestInfo test) {
		Chromium.screenshot(driver, "board-security-" + test.getTestMethod().orElseThrow().getName());
	}

	@Test
	void anonymousVisitorGetsThePageButNoData() {
		this.board.open(BoardSeed.WINDOW);

		assertThat(this.board.notice()).startsWith("Sign in to see LLM usage");
		assertThat(driver.findElements(By.cssSelector("#tiles .tile"))).isEmpty();
		assertThat(this.board.callRows()).isEmpty();
		assertThat(status("/actuator/llmusage", null)).isEqualTo(401);
		assertThat(status("/actuator/llmcalls/" + this.threadTurn.id(), null)).isEqualTo(401);
	}

	@Test
	void signedInUserGetsUsageAndCallsWithoutTheirContent() {
		signIn(SecuredApplication.VIEWER);
		this.board.open(BoardSeed.WINDOW + "&call=" + this.threadTurn.id());

		assertThat(this.board.notice()).isEmpty();
		assertThat(this.board.tile("requests")).isEqualTo("123");
		assertThat(this.board.detail().findElement(By.cssSelector("[data-notice=hidden]")).getText())
			.contains("llm.monitor.endpoint.show-content");
		assertThat(this.board.messages("user")).isEmpty();
		assertThat(this.board.detail().getText()).doesNotContain("What is the weather there?")
			.contains("get_weather", "850 ms");
		Map<String, Object> call = json("/actuator/llmcalls/" + this.threadTurn.id(), SecuredApplication.VIEWER);
		assertThat(call).containsEntry("contentHidden", true).doesNotContainKeys("messages", "responseText");
		assertThat(Chromium.consoleProblems(driver)).isEmpty();
	}

	@Test
	void userWithTheContentRoleGetsTheContent() {
		signIn(SecuredApplication.ADMIN);
		this.board.open(BoardSeed.WINDOW + "&call=" + this.threadTurn.id());

		assertThat(this.board.messages("user")).containsExactly("Plan a day in Lisbon.", "What is the weather there?");
		assertThat(this.board.detail().findElements(By.cssSelector("[data-notice]"))).isEmpty();
		Map<String, Object> call = json("/actuator/llmcalls/" + this.threadTurn.id(), SecuredApplication.ADMIN);
		assertThat(call).doesNotContainKey("contentHidden").containsKey("messages");
	}

	private void signIn(String user) {
		driver.get(url("/login"));
		driver.findElement(By.name("username")).sendKeys(user);
		driver.findElement(By.name("password")).sendKeys(SecuredApplication.PASSWORD);
		driver.findElement(By.cssSelector("button[type=submit]")).click();
		this.board.waiting().until((driver) -> !driver.getCurrentUrl().contains("/login"));
		// signing in lands on "/", which this application does not serve
		Chromium.consoleProblems(driver);
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	private RestClient http(String user) {
		RestClient.Builder builder = RestClient.builder()
			.baseUrl(url(""))
			.defaultHeader("Accept", MediaType.APPLICATION_JSON_VALUE)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			});
		if (user != null) {
			builder.defaultHeaders((headers) -> headers.setBasicAuth(user, SecuredApplication.PASSWORD));
		}
		return builder.build();
	}

	private int status(String path, String user) {
		return http(user).get().uri(path).retrieve().toBodilessEntity().getStatusCode().value();
	}

	private Map<String, Object> json(String path, String user) {
		return http(user).get().uri(path).retrieve().body(new ParameterizedTypeReference<>() {
		});
	}

}
