package io.llmmonitor;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL cluster of a test's own on a free loopback port, made with Debian's
 * {@code pg_createcluster} (trust authentication), which the test may stop and start
 * without touching the shared server. Outside CI a test using it is skipped where the
 * cluster cannot be made; on CI it fails.
 */
public final class PrivatePostgres implements AutoCloseable {

	private final String version;

	private final String name;

	private final int port;

	private PrivatePostgres(String version, String name, int port) {
		this.version = version;
		this.name = name;
		this.port = port;
	}

	/**
	 * Create and start a cluster.
	 * @return the running cluster
	 */
	public static PrivatePostgres start() {
		try {
			String version = only(run(List.of("ls", "/etc/postgresql")));
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			String name = "llmmonitor" + ProcessHandle.current().pid() + "x" + port;
			PrivatePostgres cluster = new PrivatePostgres(version, name, port);
			run(List.of("pg_createcluster", version, name, "-p", String.valueOf(port), "--", "--auth=trust"));
			cluster.startServer();
			return cluster;
		}
		catch (IOException | IllegalStateException ex) {
			if ("true".equals(System.getenv("CI"))) {
				throw new IllegalStateException("A private PostgreSQL cluster (pg_createcluster) is required on CI",
						ex);
			}
			Assumptions.abort("No private PostgreSQL cluster: " + ex.getMessage());
			throw new AssertionError(ex);
		}
	}

	/**
	 * The JDBC URL of the cluster's {@code postgres} database, user {@code postgres}.
	 * @return the URL
	 */
	public String url() {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/postgres";
	}

	/** Start the server unless it runs, returning once it accepts connections. */
	public void startServer() {
		if (!running()) {
			ctl("start");
		}
	}

	private boolean running() {
		try {
			Process process = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", this.version, this.name,
					"status")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("pg_ctlcluster status did not finish in 60 s");
			}
			return process.exitValue() == 0;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Stop the server at once, as a crash would ({@code -m immediate}). */
	public void crashServer() {
		ctl("stop", "-m", "immediate");
	}

	@Override
	public void close() {
		try {
			run(List.of("pg_dropcluster", "--stop", this.version, this.name));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void ctl(String... action) {
		List<String> command = new ArrayList<>(
				List.of("pg_ctlcluster", "--skip-systemctl-redirect", this.version, this.name));
		command.addAll(List.of(action));
		try {
			run(command);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String only(String output) {
		String[] lines = output.trim().split("\n");
		if (lines.length != 1 || lines[0].isBlank()) {
			throw new IllegalStateException("Expected one PostgreSQL version in /etc/postgresql, found: " + output);
		}
		return lines[0].trim();
	}

	private static String run(List<String> command) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " did not finish in 60 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (process.exitValue() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
		}
		return output;
	}

}
