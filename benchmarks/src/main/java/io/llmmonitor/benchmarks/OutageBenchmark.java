package io.llmmonitor.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallWriter;
import io.llmmonitor.record.WriterStatus;
import io.llmmonitor.record.jdbc.JdbcLlmCallRepository;
import io.llmmonitor.record.jdbc.SqlDialect;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.util.FileSystemUtils;

/**
 * A 60 s outage of PostgreSQL under 200 calls/s, with the writer's defaults (queue
 * 10,000, batches of 500, two threads, Hikari's 30 s connection timeout), without and
 * with a spill directory: calls offered at a steady pace from one thread, the cluster
 * crashed ({@code pg_ctlcluster stop -m immediate}) after 10 s and started 60 s later, 20
 * s more traffic, then the writer drains. Reports records written, spilled and dropped by
 * reason, and the caller's time in {@code handle} before and during the outage. Then the
 * spill's own cost: records per second into the spill directory while the database is
 * away, and replayed from it, against writing the same records straight to the database.
 * <p>
 * Needs a private cluster: {@code bench.outage.cluster} (as {@code 15/name}) and
 * {@code bench.outage.port}; {@code benchmarks/outage} creates and drops one.
 */
public final class OutageBenchmark {

	private static final int RATE = Integer.getInteger("bench.outage.rate", 200);

	private static final int BEFORE_SECONDS = 10;

	private static final int OUTAGE_SECONDS = Integer.getInteger("bench.outage.seconds", 60);

	private static final int AFTER_SECONDS = 20;

	private static final int SPILL_RECORDS = 50_000;

	private final PrivateCluster cluster = new PrivateCluster();

	private OutageBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		new OutageBenchmark().run();
	}

	private void run() throws Exception {
		Results.line("");
		Results.line("## A " + OUTAGE_SECONDS + " s PostgreSQL outage at " + RATE + " calls/s");
		Results.line("");
		Results.line("| spill | calls | failed | written | spilled (peak) | queue_full | store_error | spill_full "
				+ "| caller p99 before / during (µs) | caller max during (µs) | all stored, after the last call |");
		Results.line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
		if (!Boolean.getBoolean("bench.outage.spill-only")) {
			Results.line(outage(false));
			Results.line(outage(true));
		}
		spillCost();
	}

	private String outage(boolean spill) throws Exception {
		this.cluster.start();
		Path directory = Files.createTempDirectory("llm-monitor-outage");
		try (HikariDataSource pool = pool()) {
			recreateSchema(pool);
			JdbcLlmCallRepository repository = new JdbcLlmCallRepository(pool, SqlDialect.POSTGRESQL);
			LlmCallWriter writer = new LlmCallWriter(repository, 10_000, 500, 2, Duration.ofSeconds(1), null,
					Clock.systemUTC(), UnaryOperator.identity());
			if (spill) {
				writer.setSpill(directory, 256L << 20);
			}
			writer.start();
			int total = RATE * (BEFORE_SECONDS + OUTAGE_SECONDS + AFTER_SECONDS);
			int crashAt = RATE * BEFORE_SECONDS;
			int restartAt = RATE * (BEFORE_SECONDS + OUTAGE_SECONDS);
			long[] before = new long[crashAt];
			long[] during = new long[restartAt - crashAt];
			Records records = new Records(7, Instant.now(), Duration.ofMinutes(2));
			long interval = TimeUnit.SECONDS.toNanos(1) / RATE;
			long start = System.nanoTime();
			long peakSpill = 0;
			int failed = 0;
			CompletableFuture<Void> serverChange = CompletableFuture.completedFuture(null);
			for (int i = 0; i < total; i++) {
				long due = start + i * interval;
				while (System.nanoTime() < due) {
					Thread.onSpinWait();
				}
				if (i == crashAt) {
					serverChange = CompletableFuture.runAsync(() -> this.cluster.crash());
				}
				if (i == restartAt) {
					serverChange.join();
					serverChange = CompletableFuture.runAsync(() -> this.cluster.start());
				}
				LlmCall call = records.next();
				long handleStart = System.nanoTime();
				try {
					writer.handle(call);
				}
				catch (RuntimeException ex) {
					failed++;
				}
				long took = System.nanoTime() - handleStart;
				if (i < crashAt) {
					before[i] = took;
				}
				else if (i < restartAt) {
					during[i - crashAt] = took;
				}
				if ((i % RATE) == 0 && writer.status().spill() != null) {
					peakSpill = Math.max(peakSpill, writer.status().spill().records());
				}
			}
			serverChange.join();
			long lastCall = System.nanoTime();
			while (writer.written() + dropped(writer) < total
					&& System.nanoTime() - lastCall < TimeUnit.SECONDS.toNanos(180)) {
				Thread.sleep(10);
			}
			double drained = (System.nanoTime() - lastCall) / 1e9;
			WriterStatus status = writer.status();
			writer.stop();
			Long stored = new JdbcTemplate(pool).queryForObject("SELECT COUNT(*) FROM llm_call", Long.class);
			if (stored == null || stored != writer.written()) {
				throw new IllegalStateException("stored " + stored + " but counted " + writer.written());
			}
			return String.format("| %s | %,d | %d | %,d | %,d | %,d | %,d | %,d | %.0f / %.0f | %.0f | %.1f s |",
					spill ? "on" : "off", total, failed, status.written(), peakSpill,
					status.dropped().get(LlmCallWriter.DROPPED_QUEUE_FULL),
					status.dropped().get(LlmCallWriter.DROPPED_STORE_ERROR),
					status.dropped().get(LlmCallWriter.DROPPED_SPILL_FULL), p99(before) / 1e3, p99(during) / 1e3,
					Arrays.stream(during).max().orElse(0) / 1e3, drained);
		}
		finally {
			FileSystemUtils.deleteRecursively(directory);
		}
	}

	/** Spill throughput against the database's, the same records, in one run. */
	private void spillCost() throws Exception {
		this.cluster.start();
		Path directory = Files.createTempDirectory("llm-monitor-spill");
		try (HikariDataSource pool = pool()) {
			// attempts fail fast, so that no batch waits with a thread for the pool
			pool.setConnectionTimeout(250);
			recreateSchema(pool);
			Records generator = new Records(11, Instant.now(), Duration.ofHours(1));
			List<LlmCall> calls = Stream.generate(generator::next).limit(SPILL_RECORDS).toList();
			JdbcLlmCallRepository repository = new JdbcLlmCallRepository(pool, SqlDialect.POSTGRESQL);

			LlmCallWriter direct = writer(repository);
			direct.start();
			long start = System.nanoTime();
			calls.forEach(direct::handle);
			awaitWritten(direct, SPILL_RECORDS);
			double directSeconds = (System.nanoTime() - start) / 1e9;
			direct.stop();
			recreateSchema(pool);

			this.cluster.crash();
			LlmCallWriter spilling = writer(repository);
			spilling.setSpill(directory, 1L << 30);
			spilling.start();
			// the first failed attempt marks the store away; from then on batches spill
			spilling.handle(calls.get(0));
			while (spilling.status().storeAvailable()) {
				Thread.sleep(10);
			}
			start = System.nanoTime();
			calls.subList(1, calls.size()).forEach(spilling::handle);
			while (spilling.status().spill().records() < SPILL_RECORDS - 1 || spilling.queueSize() > 0) {
				Thread.sleep(1);
			}
			double spillSeconds = (System.nanoTime() - start) / 1e9;
			long bytes = spilling.status().spill().bytes();
			this.cluster.start();
			start = System.nanoTime();
			awaitWritten(spilling, SPILL_RECORDS);
			double replaySeconds = (System.nanoTime() - start) / 1e9;
			spilling.stop();

			Results.line("");
			Results.line(String.format("The spill's cost, %,d records (%,.0f bytes each on disk):", SPILL_RECORDS,
					bytes / (double) (SPILL_RECORDS - 1)));
			Results.line("");
			Results.line("| path | records/s | µs per record | ratio to the database |");
			Results.line("|---|---:|---:|---:|");
			Results.line(row("queue → PostgreSQL (baseline)", SPILL_RECORDS, directSeconds, directSeconds));
			Results.line(row("queue → spill directory, database away", SPILL_RECORDS - 1, spillSeconds, directSeconds));
			Results.line(row("spill directory → PostgreSQL, replay", SPILL_RECORDS, replaySeconds, directSeconds));
		}
		finally {
			FileSystemUtils.deleteRecursively(directory);
		}
	}

	private static String row(String path, int records, double seconds, double baselineSeconds) {
		double perRecord = seconds / records;
		double baseline = baselineSeconds / SPILL_RECORDS;
		return String.format("| %s | %,.0f | %.1f | %.2f× |", path, records / seconds, perRecord * 1e6,
				perRecord / baseline);
	}

	private static LlmCallWriter writer(JdbcLlmCallRepository repository) {
		LlmCallWriter writer = new LlmCallWriter(repository, SPILL_RECORDS, 500, 2, Duration.ofMillis(50), null,
				Clock.systemUTC(), UnaryOperator.identity());
		writer.setMaxRetryDelay(Duration.ofMillis(250));
		return writer;
	}

	private static void awaitWritten(LlmCallWriter writer, long count) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
		while (writer.written() < count) {
			if (dropped(writer) > 0 || System.nanoTime() > deadline) {
				throw new IllegalStateException("records dropped or not written: " + writer.status());
			}
			Thread.sleep(1);
		}
	}

	private static long dropped(LlmCallWriter writer) {
		return writer.status().dropped().values().stream().mapToLong(Long::longValue).sum();
	}

	private static double p99(long[] nanos) {
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		return sorted[(int) Math.floor(sorted.length * 0.99)];
	}

	private HikariDataSource pool() {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(this.cluster.url());
		pool.setUsername("postgres");
		return pool;
	}

	private static void recreateSchema(HikariDataSource pool) {
		new ResourceDatabasePopulator(new ClassPathResource("io/llmmonitor/record/schema-drop-postgresql.sql"),
				new ClassPathResource("io/llmmonitor/record/schema-postgresql.sql"))
			.execute(pool);
	}

}
