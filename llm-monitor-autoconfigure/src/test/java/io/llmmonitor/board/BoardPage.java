package io.llmmonitor.board;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * The board as a browser test sees it: what it shows, and a wait for each of its loads.
 */
public final class BoardPage {

	private final ChromeDriver driver;

	private final String baseUrl;

	/**
	 * Look at the board of an application.
	 * @param driver the browser
	 * @param baseUrl the board's URL, such as {@code http://127.0.0.1:8080/llm-monitor/}
	 */
	public BoardPage(ChromeDriver driver, String baseUrl) {
		this.driver = driver;
		this.baseUrl = baseUrl;
	}

	/**
	 * Open the board with a query and wait for its first load.
	 * @param query the query, without {@code ?}
	 * @return this page
	 */
	public BoardPage open(String query) {
		this.driver.get(this.baseUrl + (query.isEmpty() ? "" : "?" + query));
		waitForLoadsAfter(0);
		return this;
	}

	/**
	 * Run an action and wait for the load it starts.
	 * @param action what changes the view
	 */
	public void reloadingAfter(Runnable action) {
		int loads = loads();
		action.run();
		waitForLoadsAfter(loads);
	}

	private void waitForLoadsAfter(int loads) {
		waiting().until((driver) -> loads() > loads
				&& "false".equals(driver.findElement(By.tagName("body")).getDomAttribute("data-loading")));
	}

	private int loads() {
		String loads = this.driver.findElement(By.tagName("body")).getDomAttribute("data-loads");
		return (loads != null) ? Integer.parseInt(loads) : 0;
	}

	/**
	 * A wait of at most 20 seconds.
	 * @return the wait
	 */
	public WebDriverWait waiting() {
		return new WebDriverWait(this.driver, Duration.ofSeconds(20));
	}

	/**
	 * The text a tile shows.
	 * @param name the tile's name, such as {@code requests}
	 * @return its value
	 */
	public String tile(String name) {
		return this.driver.findElement(By.cssSelector("[data-tile=\"" + name + "\"] .tile-value")).getText();
	}

	/**
	 * The detail line under a tile.
	 * @param name the tile's name
	 * @return its detail
	 */
	public String tileDetail(String name) {
		return this.driver.findElement(By.cssSelector("[data-tile=\"" + name + "\"] .tile-detail")).getText();
	}

	/**
	 * A chart's figure.
	 * @param name the chart's name, such as {@code requests}
	 * @return the figure
	 */
	public WebElement chart(String name) {
		return this.driver.findElement(By.cssSelector("figure[data-chart=\"" + name + "\"]"));
	}

	/**
	 * The labels of a chart's series, as its legend shows them.
	 * @param name the chart's name
	 * @return the labels
	 */
	public List<String> seriesLabels(String name) {
		return chart(name).findElements(By.cssSelector(".u-legend .u-series .u-label"))
			.stream()
			.map(WebElement::getText)
			.filter((label) -> !label.isBlank() && !"Time".equals(label))
			.toList();
	}

	/**
	 * The number of points with a value a chart draws, over all its series.
	 * @param name the chart's name
	 * @return the number of non-empty values
	 */
	public long pointsWithValues(String name) {
		Object count = this.driver.executeScript("""
				const plot = window.llmMonitorBoard.charts.get(arguments[0]);
				return plot.data.slice(1).flat().filter((value) => value != null && value !== 0).length;""", name);
		return ((Number) count).longValue();
	}

	/**
	 * The keys of the breakdown table's rows.
	 * @return the keys, in order
	 */
	public List<String> breakdownKeys() {
		return this.driver.findElements(By.cssSelector("#breakdown tbody tr[data-key]"))
			.stream()
			.map((row) -> row.getDomAttribute("data-key"))
			.toList();
	}

	/**
	 * The rows of the calls table.
	 * @return the rows
	 */
	public List<WebElement> callRows() {
		return this.driver.findElements(By.cssSelector("#calls tbody tr[data-id]"));
	}

	/**
	 * One column of the calls table.
	 * @param column the column, from 1
	 * @return its cells' texts
	 */
	public List<String> callColumn(int column) {
		return callRows().stream()
			.map((row) -> row.findElement(By.cssSelector("td:nth-child(" + column + ")")).getText())
			.toList();
	}

	/**
	 * The texts of the active filter chips.
	 * @return the chips' filters by name
	 */
	public List<String> chips() {
		return this.driver.findElements(By.cssSelector("#chips .chip"))
			.stream()
			.map((chip) -> chip.getDomAttribute("data-filter"))
			.toList();
	}

	/**
	 * Wait for the detail panel to show what it loaded.
	 * @return the panel's body
	 */
	public WebElement detail() {
		waiting().until((driver) -> driver.findElement(By.id("detail")).getDomAttribute("data-loaded") != null);
		return this.driver.findElement(By.id("detail-body"));
	}

	/**
	 * The messages shown in the detail panel.
	 * @param role the role, such as {@code user}
	 * @return their texts, in order
	 */
	public List<String> messages(String role) {
		return detail().findElements(By.cssSelector(".message[data-role=\"" + role + "\"] .message-content"))
			.stream()
			.map(WebElement::getText)
			.toList();
	}

	/**
	 * The parameters of the page's current URL.
	 * @return the parameters
	 */
	public Map<String, String> urlParameters() {
		return UriComponentsBuilder.fromUri(URI.create(this.driver.getCurrentUrl()))
			.build()
			.getQueryParams()
			.toSingleValueMap()
			.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey,
					(entry) -> URLDecoder.decode(entry.getValue(), StandardCharsets.UTF_8)));
	}

	/**
	 * The notice shown instead of data, if any.
	 * @return its text, or empty when hidden
	 */
	public String notice() {
		WebElement notice = this.driver.findElement(By.id("notice"));
		return notice.isDisplayed() ? notice.getText() : "";
	}

}
