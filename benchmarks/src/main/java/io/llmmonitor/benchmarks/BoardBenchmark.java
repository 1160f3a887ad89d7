package io.llmmonitor.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.zaxxer.hikari.HikariDataSource;
import io.llmmonitor.record.LlmCallRepository;
import io.llmmonitor.record.jdbc.JdbcLlmCallRepository;
import io.llmmonitor.record.jdbc.SqlDialect;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * The board over 1,000,000 records (30 days) in each store, in Debian's headless
 * Chromium: for the 24-hour and the 30-day view, how long the page takes until every
 * chart and the first page of calls are drawn, and how long each JSON request it makes
 * takes inside the page (all at once, next to the browser's own work), sent again all at
 * once without a browser, and alone. A new call is stored before every run, as in a live
 * application.
 */
public final class BoardBenchmark {

	private static final int RUNS = Integer.getInteger("bench.board.runs", 15);

	private static final int WARMUP = 3;

	private static final String TIMINGS = """
			return {
				drawn: window.llmMonitorBoard.drawnAt,
				fetches: performance.getEntriesByType('resource')
					.filter((entry) => entry.initiatorType === 'fetch')
					.map((entry) => [entry.name, entry.duration])
			};""";

	private BoardBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Results.line("");
		Results.line("## The board at 1,000,000 records (30 days)");
		Results.line("");
		Results.line("Headless Chromium " + chromiumVersion() + ", " + RUNS + " page loads per view after " + WARMUP
				+ " to warm up; milliseconds, median / slowest.");
		Results.line("");
		Results.line("| store | view | request | in the page | all at once, no browser | alone |");
		Results.line("|---|---|---|---:|---:|---:|");
		for (Databases database : Databases.selected()) {
			String url;
			String user;
			try (HikariDataSource dataSource = database.open()) {
				QueryBenchmark.load(database, dataSource,
						new JdbcLlmCallRepository(dataSource, SqlDialect.of(dataSource)));
				url = dataSource.getJdbcUrl();
				user = dataSource.getUsername();
			}
			try (ConfigurableApplicationContext app = BenchmarkApplication
				.startWeb(concat(BenchmarkApplication.FIXED_MODEL, "spring.datasource.url=" + url,
						"spring.datasource.username=" + user, "llm.monitor.store.initialize-schema=never",
						"llm.monitor.store.retention=0", "llm.monitor.board.enabled=true",
						"management.endpoints.web.exposure.include=llmcalls,llmusage"))) {
				int port = ((WebServerApplicationContext) app).getWebServer().getPort();
				LlmCallRepository repository = app.getBean(LlmCallRepository.class);
				Records live = new Records(13, Instant.now(), Duration.ofMinutes(1));
				Runnable arrival = () -> repository.saveAll(List.of(live.next(Instant.now())));
				Path profile = Files.createTempDirectory("llm-monitor-board-bench");
				ChromeDriver driver = chromium(profile);
				try {
					for (String view : List.of("24h", "30d")) {
						measure(driver, "http://127.0.0.1:" + port, database.label(), view, arrival);
					}
				}
				finally {
					driver.quit();
					FileSystemUtils.deleteRecursively(profile);
				}
			}
		}
	}

	private static void measure(ChromeDriver driver, String base, String store, String view, Runnable arrival)
			throws Exception {
		double[] drawn = new double[RUNS];
		Map<String, double[]> inPage = new LinkedHashMap<>();
		Map<String, String> lastUrl = new LinkedHashMap<>();
		for (int run = -WARMUP; run < RUNS; run++) {
			arrival.run();
			driver.get(base + "/llm-monitor/?range=" + view);
			new WebDriverWait(driver, Duration.ofSeconds(60))
				.until((browser) -> "1".equals(browser.findElement(By.tagName("body")).getDomAttribute("data-loads"))
						&& "false".equals(browser.findElement(By.tagName("body")).getDomAttribute("data-loading")));
			@SuppressWarnings("unchecked")
			Map<String, Object> timings = (Map<String, Object>) driver.executeScript(TIMINGS);
			if (run < 0) {
				continue;
			}
			drawn[run] = ((Number) timings.get("drawn")).doubleValue();
			@SuppressWarnings("unchecked")
			List<List<Object>> fetches = (List<List<Object>>) timings.get("fetches");
			for (List<Object> fetch : fetches) {
				String request = describe((String) fetch.get(0));
				inPage.computeIfAbsent(request, (name) -> new double[RUNS])[run] = ((Number) fetch.get(1))
					.doubleValue();
				lastUrl.put(request, (String) fetch.get(0));
			}
		}
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		Map<String, double[]> alone = new LinkedHashMap<>();
		Map<String, double[]> together = new LinkedHashMap<>();
		for (String request : inPage.keySet()) {
			alone.put(request, new double[RUNS]);
			together.put(request, new double[RUNS]);
		}
		for (int run = -WARMUP; run < RUNS; run++) {
			for (String request : inPage.keySet()) {
				arrival.run();
				double millis = send(http, lastUrl.get(request)).join();
				if (run >= 0) {
					alone.get(request)[run] = millis;
				}
			}
			arrival.run();
			Map<String, CompletableFuture<Double>> all = new LinkedHashMap<>();
			for (String request : inPage.keySet()) {
				all.put(request, send(http, lastUrl.get(request)));
			}
			for (Map.Entry<String, CompletableFuture<Double>> request : all.entrySet()) {
				double millis = request.getValue().join();
				if (run >= 0) {
					together.get(request.getKey())[run] = millis;
				}
			}
		}
		for (String request : inPage.keySet()) {
			Results.line(String.format("| %s | %s | `%s` | %s | %s | %s |", store, view, request,
					medianAndMax(inPage.get(request)), medianAndMax(together.get(request)),
					medianAndMax(alone.get(request))));
		}
		Results.line(String.format("| %s | %s | **page drawn** | %s | | |", store, view, medianAndMax(drawn)));
	}

	// Milliseconds until the whole answer is read; anything but a 200 fails the run.
	private static CompletableFuture<Double> send(HttpClient http, String url) {
		long start = System.nanoTime();
		return http
			.sendAsync(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json").build(),
					HttpResponse.BodyHandlers.discarding())
			.thenApply((response) -> {
				if (response.statusCode() != 200) {
					throw new IllegalStateException(url + " answered " + response.statusCode());
				}
				return (System.nanoTime() - start) / 1e6;
			});
	}

	// What a request asks, without its window: "llmusage groupBy=model bucket=1h".
	private static String describe(String url) {
		URI uri = URI.create(url);
		String path = uri.getPath().substring(uri.getPath().lastIndexOf('/') + 1);
		List<String> parameters = new ArrayList<>();
		for (String parameter : uri.getRawQuery().split("&")) {
			if (!parameter.startsWith("from=") && !parameter.startsWith("to=")) {
				parameters.add(parameter);
			}
		}
		return (path + " " + String.join(" ", parameters)).trim();
	}

	private static String medianAndMax(double[] millis) {
		double[] sorted = millis.clone();
		Arrays.sort(sorted);
		return String.format("%.0f / %.0f", sorted[sorted.length / 2], sorted[sorted.length - 1]);
	}

	private static ChromeDriver chromium(Path profile) {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1400,1100",
				"--user-data-dir=" + profile.toAbsolutePath());
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(
					Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver")).toFile())
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	private static String chromiumVersion() {
		try {
			Process process = new ProcessBuilder(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"),
					"--version")
				.redirectErrorStream(true)
				.start();
			String version = new String(process.getInputStream().readAllBytes()).trim();
			process.waitFor();
			Matcher number = Pattern.compile("\\d+(\\.\\d+)+").matcher(version);
			return number.find() ? number.group() : version;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "unknown";
		}
	}

	private static String[] concat(String[] first, String... rest) {
		List<String> all = new ArrayList<>(List.of(first));
		all.addAll(List.of(rest));
		return all.toArray(String[]::new);
	}

}
