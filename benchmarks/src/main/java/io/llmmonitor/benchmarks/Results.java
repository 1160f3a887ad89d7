package io.llmmonitor.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends result lines to the results file ({@code bench.results}, default
 * {@code target/results.md}) and prints them.
 */
final class Results {

	private Results() {
	}

	static void line(String text) {
		System.out.println(text);
		Path file = Path.of(System.getProperty("bench.results", "target/results.md"));
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.writeString(file, text + System.lineSeparator(), StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
