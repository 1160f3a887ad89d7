package io.llmmonitor.benchmarks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import com.zaxxer.hikari.HikariDataSource;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallWriter;
import io.llmmonitor.record.jdbc.JdbcLlmCallRepository;
import io.llmmonitor.record.jdbc.SqlDialect;

/**
 * Records per second llm-monitor's writer sustains into each store, batched (the
 * defaults: batches of up to 500) against one record per insert (batch size 1, the naive
 * writer), with realistic rows; then a burst of 100,000 calls against the default queue
 * of 10,000: the deepest the queue got and how many records were dropped.
 */
public final class IngestionBenchmark {

	private static final int BATCHED = Integer.getInteger("bench.ingest.records", 200_000);

	private static final int NAIVE = Integer.getInteger("bench.ingest.naive-records", 10_000);

	private static final int BURST = 100_000;

	private static final int COMMIT_RECORDS = 100_000;

	private IngestionBenchmark() {
	}

	public static void main(String[] args) throws InterruptedException {
		Results.line("");
		Results.line("## Ingestion");
		Results.line("");
		Results.line("| store | writer | records | seconds | records/s |");
		Results.line("|---|---|---:|---:|---:|");
		List<String> bursts = new ArrayList<>();
		List<String> commits = new ArrayList<>();
		for (Databases database : Databases.selected()) {
			try (HikariDataSource dataSource = database.open()) {
				JdbcLlmCallRepository repository = new JdbcLlmCallRepository(dataSource, SqlDialect.of(dataSource));
				int threads = Integer.getInteger("bench.ingest.writer-threads", defaultThreads(repository));
				database.recreateSchema(dataSource);
				drain(repository, records(2_000), 500, 1);
				double naive = drain(repository, records(NAIVE), 1, 1);
				database.recreateSchema(dataSource);
				drain(repository, records(2_000), 500, threads);
				double batched = drain(repository, records(BATCHED), 500, threads);
				Results.line(String.format("| %s | one record per insert (batch size 1) | %,d | %.2f | %,.0f |",
						database.label(), NAIVE, NAIVE / naive, naive));
				if (threads > 1) {
					database.recreateSchema(dataSource);
					double oneThread = drain(repository, records(BATCHED), 500, 1);
					Results.line(String.format("| %s | llm-monitor, one writer thread | %,d | %.2f | %,.0f |",
							database.label(), BATCHED, BATCHED / oneThread, oneThread));
				}
				Results.line(String.format(
						"| %s | llm-monitor (batches of up to 500, %d writer thread%s) | %,d | %.2f | %,.0f |",
						database.label(), threads, (threads > 1) ? "s" : "", BATCHED, BATCHED / batched, batched));
				Results.line(String.format("| %s | ratio batched / naive | | | **%.1f×** |", database.label(),
						batched / naive));
				database.recreateSchema(dataSource);
				bursts.add(burst(database, repository));
				if (repository.dialect() == SqlDialect.POSTGRESQL) {
					commits.addAll(commitModes(database, dataSource, repository, threads));
				}
			}
		}
		Results.line("");
		Results.line("Burst of " + String.format("%,d", BURST)
				+ " calls offered as fast as one thread can, default queue (10,000) and batch size (500):");
		Results.line("");
		Results.line("| store | offered in | deepest queue | dropped (queue_full) | written | drained after |");
		Results.line("|---|---:|---:|---:|---:|---:|");
		bursts.forEach(Results::line);
		if (!commits.isEmpty()) {
			Results.line("");
			Results.line("PostgreSQL, durable commits (the default) against `synchronous-commit: false`, "
					+ "alternating, " + String.format("%,d", COMMIT_RECORDS) + " records a round:");
			Results.line("");
			Results.line("| round | synchronous records/s | asynchronous records/s | ratio sync / async |");
			Results.line("|---|---:|---:|---:|");
			commits.forEach(Results::line);
		}
	}

	/**
	 * Records per second with synchronous and with asynchronous commits, in alternate
	 * rounds on the same schema.
	 */
	private static List<String> commitModes(Databases database, HikariDataSource dataSource,
			JdbcLlmCallRepository repository, int threads) throws InterruptedException {
		List<String> rows = new ArrayList<>();
		double syncSum = 0;
		double asyncSum = 0;
		int rounds = 3;
		for (int round = 1; round <= rounds; round++) {
			database.recreateSchema(dataSource);
			repository.setSynchronousCommit(true);
			double sync = drain(repository, records(COMMIT_RECORDS), 500, threads);
			database.recreateSchema(dataSource);
			repository.setSynchronousCommit(false);
			double async = drain(repository, records(COMMIT_RECORDS), 500, threads);
			repository.setSynchronousCommit(true);
			syncSum += sync;
			asyncSum += async;
			rows.add(String.format("| %d | %,.0f | %,.0f | %.2f |", round, sync, async, sync / async));
		}
		rows.add(String.format("| mean | %,.0f | %,.0f | **%.2f** |", syncSum / rounds, asyncSum / rounds,
				syncSum / asyncSum));
		return rows;
	}

	/** As the auto-configuration does by default. */
	private static int defaultThreads(JdbcLlmCallRepository repository) {
		return (repository.dialect() == SqlDialect.POSTGRESQL) ? 2 : 1;
	}

	private static List<LlmCall> records(int count) {
		Records generator = new Records(42, Instant.now(), Duration.ofHours(1));
		List<LlmCall> calls = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			calls.add(generator.next());
		}
		return calls;
	}

	/**
	 * Offer every record to a writer with room for all of them and return the records per
	 * second until the last is written.
	 */
	private static double drain(JdbcLlmCallRepository repository, List<LlmCall> calls, int batchSize, int threads)
			throws InterruptedException {
		LlmCallWriter writer = new LlmCallWriter(repository, calls.size(), batchSize, threads, Duration.ofMillis(50),
				null, Clock.systemUTC(), UnaryOperator.identity());
		writer.start();
		long start = System.nanoTime();
		for (LlmCall call : calls) {
			writer.handle(call);
		}
		while (writer.written() < calls.size()) {
			if (writer.dropped(LlmCallWriter.DROPPED_STORE_ERROR) > 0) {
				throw new IllegalStateException("store errors while ingesting");
			}
			Thread.onSpinWait();
			Thread.sleep(1);
		}
		long nanos = System.nanoTime() - start;
		writer.stop();
		return calls.size() / (nanos / 1e9);
	}

	private static String burst(Databases database, JdbcLlmCallRepository repository) throws InterruptedException {
		List<LlmCall> calls = records(BURST);
		LlmCallWriter writer = new LlmCallWriter(repository, 10_000, 500,
				Integer.getInteger("bench.ingest.writer-threads", defaultThreads(repository)), Duration.ofSeconds(1),
				null, Clock.systemUTC(), UnaryOperator.identity());
		writer.start();
		int deepest = 0;
		long start = System.nanoTime();
		for (int i = 0; i < calls.size(); i++) {
			writer.handle(calls.get(i));
			if ((i & 63) == 0) {
				deepest = Math.max(deepest, writer.queueSize());
			}
		}
		long offered = System.nanoTime() - start;
		long dropped = writer.dropped(LlmCallWriter.DROPPED_QUEUE_FULL);
		while (writer.written() + dropped < BURST) {
			Thread.sleep(1);
		}
		long drained = System.nanoTime() - start;
		writer.stop();
		return String.format("| %s | %.0f ms | %,d | %,d | %,d | %.2f s |", database.label(), offered / 1e6, deepest,
				dropped, writer.written(), drained / 1e9);
	}

}
