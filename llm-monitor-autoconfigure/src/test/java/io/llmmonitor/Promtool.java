package io.llmmonitor;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scrapes of {@code /actuator/prometheus}, and {@code promtool check metrics} over one:
 * skipped where promtool is not installed, required on CI.
 *
 * @param exitCode promtool's exit code: 0 clean, 3 lint warnings only, 1 errors
 * @param output what promtool printed
 */
public record Promtool(int exitCode, String output) {

	/**
	 * Check a scrape.
	 * @param scrape the text exposition
	 * @param dir a directory for the input file
	 * @return promtool's verdict
	 * @throws IOException when the input cannot be written
	 * @throws InterruptedException when interrupted while promtool runs
	 */
	public static Promtool checkMetrics(String scrape, Path dir) throws IOException, InterruptedException {
		File promtool = find();
		if (promtool == null) {
			if ("true".equals(System.getenv("CI"))) {
				throw new IllegalStateException("promtool (Debian package 'prometheus') is required on CI");
			}
			Assumptions.abort("promtool is not installed (apt-get install prometheus)");
		}
		Path input = Files.writeString(Files.createTempFile(dir, "scrape", ".txt"), scrape);
		Process process = new ProcessBuilder(promtool.getPath(), "check", "metrics").redirectInput(input.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Promtool(process.exitValue(), output);
	}

	/**
	 * Scrape an application's {@code /actuator/prometheus} in the text format promtool
	 * reads.
	 * @param port the application's port on loopback
	 * @return the scrape
	 */
	public static String scrape(int port) {
		return RestClient.create("http://127.0.0.1:" + port)
			.get()
			.uri("/actuator/prometheus")
			.header("Accept", "text/plain; version=0.0.4")
			.retrieve()
			.body(String.class);
	}

	private static File find() {
		for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
			File candidate = new File(dir, "promtool");
			if (candidate.canExecute()) {
				return candidate;
			}
		}
		return null;
	}

}
