package io.llmmonitor.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.llmmonitor.record.LlmCallWriter;
import io.llmmonitor.record.WriterStatus;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.FileSystemUtils;

/**
 * Stopping the application while its PostgreSQL is down: the private cluster is crashed
 * ({@code pg_ctlcluster stop -m immediate}), 5,000 monitored {@code ChatClient} calls are
 * made, and the application is closed at once, with a writer thread still inside its
 * connection attempt (Hikari's 30 s). Reports how long closing took, and where every
 * record went: written, spilled, or dropped by reason. With spill on, the next start with
 * the database back writes what was spilled.
 * <p>
 * Needs the private cluster of {@code benchmarks/outage}: {@code bench.outage.cluster}
 * and {@code bench.outage.port}.
 */
public final class ShutdownBenchmark {

	private static final int CALLS = 5_000;

	private final PrivateCluster cluster = new PrivateCluster();

	private ShutdownBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		new ShutdownBenchmark().run();
	}

	private void run() throws Exception {
		Results.line("");
		Results.line("## Shutdown with PostgreSQL down, " + CALLS + " calls queued");
		Results.line("");
		Results.line("| spill | close took (s) | written | spilled | dropped: shutdown | other drops | accounted "
				+ "| written at the next start |");
		Results.line("|---|---:|---:|---:|---:|---:|---:|---:|");
		Results.line(shutdown(false));
		Results.line(shutdown(true));
	}

	private String shutdown(boolean spill) throws Exception {
		this.cluster.start();
		recreateSchema();
		Path directory = Files.createTempDirectory("llm-monitor-shutdown");
		List<String> properties = new ArrayList<>(List.of(BenchmarkApplication.FIXED_MODEL));
		properties.add("spring.datasource.url=" + this.cluster.url());
		properties.add("spring.datasource.username=postgres");
		if (spill) {
			properties.add("llm.monitor.store.spill-dir=" + directory);
		}
		ConfigurableApplicationContext context = BenchmarkApplication.start(true, properties.toArray(String[]::new));
		LlmCallWriter writer = context.getBean(LlmCallWriter.class);
		ChatClient chatClient = context.getBean(ChatClient.Builder.class).build();
		this.cluster.crash();
		for (int i = 0; i < CALLS; i++) {
			chatClient.prompt().user("Question " + i).call().content();
		}
		long started = System.nanoTime();
		context.close();
		double seconds = (System.nanoTime() - started) / 1e9;
		WriterStatus status = writer.status();
		long spilled = (status.spill() != null) ? status.spill().records() : 0;
		long shutdownDrops = writer.dropped(LlmCallWriter.DROPPED_SHUTDOWN);
		long otherDrops = status.dropped().values().stream().mapToLong(Long::longValue).sum() - shutdownDrops;
		long accounted = writer.written() + spilled + shutdownDrops + otherDrops;
		String nextStart = "—";
		if (spill) {
			this.cluster.start();
			nextStart = String.valueOf(writtenAtNextStart(properties));
		}
		FileSystemUtils.deleteRecursively(directory);
		return "| " + (spill ? "on" : "off") + " | " + String.format("%.1f", seconds) + " | " + writer.written() + " | "
				+ spilled + " | " + shutdownDrops + " | " + otherDrops + " | " + accounted + " of " + CALLS + " | "
				+ nextStart + " |";
	}

	private long writtenAtNextStart(List<String> properties) throws InterruptedException {
		try (ConfigurableApplicationContext context = BenchmarkApplication.start(true,
				properties.toArray(String[]::new))) {
			LlmCallWriter writer = context.getBean(LlmCallWriter.class);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
			while (writer.written() < CALLS && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			return new JdbcTemplate(dataSource()).queryForObject("SELECT COUNT(*) FROM llm_call", Long.class);
		}
	}

	private SimpleDriverDataSource dataSource() {
		return new SimpleDriverDataSource(new org.postgresql.Driver(), this.cluster.url(), "postgres", "");
	}

	private void recreateSchema() {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource());
		for (String table : List.of("llm_call_attribute", "llm_call_tag", "llm_call", "llm_usage_hour",
				"llm_usage_day")) {
			jdbc.execute("DROP TABLE IF EXISTS " + table + " CASCADE");
		}
	}

}
