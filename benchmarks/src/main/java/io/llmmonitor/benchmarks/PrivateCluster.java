package io.llmmonitor.benchmarks;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The private PostgreSQL cluster that {@code benchmarks/outage} creates for the
 * benchmarks that crash their database, never the shared server:
 * {@code bench.outage.cluster} (as {@code 15/name}) and {@code bench.outage.port}.
 */
final class PrivateCluster {

	private final String[] cluster = System.getProperty("bench.outage.cluster", "15/llmoutage").split("/");

	private final String url = "jdbc:postgresql://127.0.0.1:" + System.getProperty("bench.outage.port", "55440")
			+ "/postgres";

	String url() {
		return this.url;
	}

	void start() {
		ctl("start");
	}

	/** Stop the server as a crash would: no checkpoint, clients cut off. */
	void crash() {
		ctl("stop", "-m", "immediate");
	}

	private void ctl(String... action) {
		List<String> command = Stream
			.concat(Stream.of("pg_ctlcluster", "--skip-systemctl-redirect", this.cluster[0], this.cluster[1]),
					Stream.of(action))
			.toList();
		try {
			Process process = new ProcessBuilder(command).inheritIO().start();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException(command + " did not finish");
			}
			// "start" of a running cluster exits 2: nothing to do
			if (process.exitValue() != 0 && !(action[0].equals("start") && process.exitValue() == 2)) {
				throw new IllegalStateException(command + " exited " + process.exitValue());
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
