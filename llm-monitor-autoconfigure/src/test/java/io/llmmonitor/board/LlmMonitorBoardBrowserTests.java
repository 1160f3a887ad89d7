package io.llmmonitor.board;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.llmmonitor.TestApplication;
import io.llmmonitor.record.LlmCallRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The board in headless Chromium, against a running application with seeded calls: what
 * it draws, and what a user's clicks, drags and links do to it.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=llmcalls,llmusage", "llm.monitor.board.enabled=true",
				"llm.monitor.endpoint.show-content=always", "spring.ai.openai.api-key=sk-unused",
				"spring.datasource.url=jdbc:h2:mem:board-browser;DB_CLOSE_DELAY=-1" })
class LlmMonitorBoardBrowserTests {

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
		this.repository.saveAll(BoardSeed.calls());
		this.board = new BoardPage(driver, "http://127.0.0.1:" + this.port + "/llm-monitor/");
		Chromium.consoleProblems(driver);
	}

	@AfterEach
	void screenshot(TestInfo test) {
		Chromium.screenshot(driver, "board-" + test.getTestMethod().orElseThrow().getName());
	}

	@Test
	void pageLoadsWithoutConsoleErrorsAndEveryChartDrawsData() {
		this.board.open(BoardSeed.WINDOW);

		assertThat(this.board.notice()).isEmpty();
		assertThat(this.board.tile("requests")).isEqualTo("123");
		assertThat(this.board.tile("errorRate")).isEqualTo("9.8 %");
		assertThat(this.board.tile("unpriced")).isEqualTo("20");
		assertThat(this.board.tileDetail("unpriced")).isEqualTo("mystery-model");
		assertThat(this.board.tile("firstToken")).endsWith("ms");
		for (String chart : List.of("requests", "cost", "tokens", "latency", "latencyByGroup", "firstToken")) {
			assertThat(this.board.chart(chart).getDomAttribute("data-empty")).as(chart).isEqualTo("false");
			assertThat(this.board.chart(chart).findElements(By.tagName("canvas"))).as(chart).hasSize(1);
			assertThat(this.board.pointsWithValues(chart)).as(chart).isGreaterThan(10);
		}
		assertThat(this.board.seriesLabels("requests")).containsExactly("gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18",
				"mystery-model", "errors");
		assertThat(this.board.breakdownKeys()).containsExactly("gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18",
				"mystery-model");
		assertThat(this.board.callRows()).hasSize(25);
		assertThat(Chromium.consoleProblems(driver)).isEmpty();
	}

	@Test
	void filterAndGroupByChangeWhatChartsAndTablesShow() {
		this.board.open(BoardSeed.WINDOW);

		this.board.reloadingAfter(() -> {
			new Select(driver.findElement(By.id("filter-field"))).selectByValue("model");
			driver.findElement(By.id("filter-value")).sendKeys("gpt-4o-mini-2024-07-18");
			driver.findElement(By.cssSelector("#filter-form button[type=submit]")).click();
		});
		assertThat(this.board.chips()).containsExactly("model");
		assertThat(this.board.tile("requests")).isEqualTo("40");
		assertThat(this.board.breakdownKeys()).containsExactly("gpt-4o-mini-2024-07-18");
		assertThat(this.board.callColumn(2)).isNotEmpty().containsOnly("gpt-4o-mini-2024-07-18");
		assertThat(this.board.seriesLabels("cost")).containsExactly("gpt-4o-mini-2024-07-18");

		this.board.reloadingAfter(() -> new Select(driver.findElement(By.id("group-by"))).selectByValue("project"));
		assertThat(this.board.breakdownKeys()).containsExactly("checkout", "support");
		assertThat(this.board.seriesLabels("requests")).containsExactly("checkout", "support", "errors");
		assertThat(this.board.urlParameters()).containsEntry("model", "gpt-4o-mini-2024-07-18")
			.containsEntry("groupBy", "project");

		this.board.reloadingAfter(() -> driver.findElement(By.cssSelector("#breakdown tr[data-key=support]")).click());
		assertThat(this.board.chips()).containsExactly("model", "project");
		assertThat(this.board.tile("requests")).isEqualTo("20");
		assertThat(this.board.callColumn(3)).containsOnly("support");

		this.board.reloadingAfter(() -> driver.findElement(By.cssSelector(".chip[data-filter=model] button")).click());
		assertThat(this.board.chips()).containsExactly("project");
		assertThat(this.board.tile("requests")).isEqualTo("60");
	}

	@Test
	void draggingAcrossAChartNarrowsTheRangeOfThePage() {
		this.board.open(BoardSeed.WINDOW);
		WebElement plot = this.board.chart("requests").findElement(By.cssSelector(".u-over"));
		int width = plot.getSize().getWidth();

		new Actions(driver).moveToElement(plot, -width / 4, 0).perform();
		assertThat(this.board.chart("cost").findElement(By.cssSelector(".u-cursor-x")).getDomAttribute("class"))
			.as("the cost chart's crosshair follows the requests chart's")
			.doesNotContain("u-off");

		this.board.reloadingAfter(() -> new Actions(driver).moveToElement(plot, -width / 4, 0)
			.clickAndHold()
			.moveByOffset(width / 4, 0)
			.release()
			.perform());

		Map<String, String> url = this.board.urlParameters();
		Instant from = Instant.parse(url.get("from"));
		Instant to = Instant.parse(url.get("to"));
		assertThat(from).isAfter(Instant.parse("2026-11-22T08:30:00Z"));
		assertThat(to).isBefore(Instant.parse("2026-11-22T11:30:00Z")).isAfter(from);
		int requests = Integer.parseInt(this.board.tile("requests"));
		assertThat(requests).isBetween(1, 122);
		assertThat(driver.findElement(By.cssSelector("#ranges [data-range=custom]")).getDomAttribute("class"))
			.contains("active");
		for (String started : this.board.callColumn(1)) {
			Instant instant = Instant.parse(started.replace(' ', 'T') + "Z");
			assertThat(instant).isBetween(from.minusSeconds(1), to);
		}
	}

	@Test
	void rowOpensTheCallWithItsMessagesToolCallsAndFacts() {
		this.board.open(BoardSeed.WINDOW + "&threadId=" + BoardSeed.THREAD);
		assertThat(this.board.callRows()).hasSize(3);

		this.board.callRows().get(1).click();

		WebElement detail = this.board.detail();
		assertThat(this.board.messages("system")).containsExactly("You are a travel assistant.");
		assertThat(this.board.messages("user")).containsExactly("Plan a day in Lisbon.", "What is the weather there?");
		assertThat(this.board.messages("assistant"))
			.containsExactly("Morning in Alfama, lunch in Baixa, sunset at Belém.", "Sunny, 21 °C.");
		assertThat(detail.findElement(By.cssSelector(".tool-name")).getText()).isEqualTo("get_weather(call_1)");
		assertThat(detail.findElement(By.cssSelector(".tool-arguments")).getText()).contains("\"city\": \"Lisbon\"");
		assertThat(detail.getText()).contains("tenant", "0.000300", "850 ms", BoardSeed.THREAD);
		assertThat(this.board.urlParameters()).containsKey("call");

		driver.findElement(By.id("detail-close")).click();
		assertThat(driver.findElement(By.id("detail")).isDisplayed()).isFalse();
		assertThat(this.board.urlParameters()).doesNotContainKey("call");
	}

	@Test
	void threadViewShowsEveryTurnInOrderWithItsTotals() {
		this.board.open(BoardSeed.WINDOW + "&userId=u-9");

		driver.findElement(By.cssSelector("#calls a.thread-link")).click();

		WebElement detail = this.board.detail();
		assertThat(this.board.urlParameters()).containsEntry("thread", BoardSeed.THREAD);
		assertThat(detail.findElements(By.cssSelector(".turn"))).extracting((turn) -> turn.getDomAttribute("data-turn"))
			.containsExactly("1", "2", "3");
		assertThat(this.board.messages("user")).containsExactlyElementsOf(BoardSeed.THREAD_QUESTIONS);
		assertThat(this.board.messages("assistant")).containsExactly(
				"Morning in Alfama, lunch in Baixa, sunset at Belém.", "Sunny, 21 °C.",
				"Booked: 20:00 at a tasca in Bairro Alto.");
		assertThat(detail.findElement(By.cssSelector(".thread .facts")).getText()).contains("Turns\n3", "270",
				"$0.000900");
	}

	@Test
	void copiedUrlRestoresTheView() {
		this.board.open(BoardSeed.WINDOW);
		this.board.reloadingAfter(() -> new Select(driver.findElement(By.id("group-by"))).selectByValue("project"));
		this.board.reloadingAfter(() -> driver.findElement(By.cssSelector("#breakdown tr[data-key=checkout]")).click());
		this.board.callRows().get(0).click();
		this.board.detail();
		String url = driver.getCurrentUrl();
		String callId = this.board.urlParameters().get("call");

		driver.get("about:blank");
		driver.get(url);
		this.board.waiting()
			.until((driver) -> "1".equals(driver.findElement(By.tagName("body")).getDomAttribute("data-loads")));

		assertThat(this.board.chips()).containsExactly("project");
		assertThat(new Select(driver.findElement(By.id("group-by"))).getFirstSelectedOption().getText())
			.isEqualTo("project");
		assertThat(this.board.breakdownKeys()).containsExactly("checkout");
		assertThat(this.board.tile("requests")).isEqualTo("63");
		assertThat(this.board.detail().findElement(By.cssSelector(".call")).getDomAttribute("data-id"))
			.isEqualTo(callId);
		assertThat(driver.findElement(By.cssSelector("#ranges [data-range=custom]")).getDomAttribute("class"))
			.contains("active");
	}

}
