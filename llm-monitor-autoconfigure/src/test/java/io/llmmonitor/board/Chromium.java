package io.llmmonitor.board;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless {@code chromium}, driven by its {@code chromium-driver}: nothing is
 * downloaded. Required on CI; elsewhere a browser test is skipped when either is missing.
 */
public final class Chromium {

	private static final File BROWSER = new File(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

	private static final File DRIVER = new File(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));

	private Chromium() {
	}

	/**
	 * Start a browser with a fresh profile, in UTC, its console kept.
	 * @param profile where its profile goes
	 * @return the driver
	 */
	public static ChromeDriver start(Path profile) {
		if (!BROWSER.canExecute() || !DRIVER.canExecute()) {
			String missing = BROWSER + " or " + DRIVER + " is missing (apt-get install chromium chromium-driver)";
			if ("true".equals(System.getenv("CI"))) {
				throw new IllegalStateException(missing + ": the board's browser tests need it on CI");
			}
			Assumptions.abort(missing);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BROWSER);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1400,1100",
				"--user-data-dir=" + profile.toAbsolutePath());
		LoggingPreferences logging = new LoggingPreferences();
		logging.enable(LogType.BROWSER, Level.ALL);
		options.setCapability("goog:loggingPrefs", logging);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER)
			.usingAnyFreePort()
			.withEnvironment(Map.of("TZ", "UTC"))
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
		return driver;
	}

	/**
	 * The console's warnings and errors since the last call.
	 * @param driver the driver
	 * @return the entries
	 */
	public static List<LogEntry> consoleProblems(ChromeDriver driver) {
		return driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter((entry) -> entry.getLevel().intValue() >= Level.WARNING.intValue())
			.toList();
	}

	/**
	 * Save a screenshot under {@code target/board-screenshots}.
	 * @param driver the driver
	 * @param name the file name, without extension
	 * @return the file
	 */
	public static Path screenshot(ChromeDriver driver, String name) {
		try {
			Path dir = Files.createDirectories(Path.of("target", "board-screenshots"));
			Path file = dir.resolve(name + ".png");
			Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
