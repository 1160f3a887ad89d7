package io.llmmonitor.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import com.zaxxer.hikari.HikariDataSource;
import io.llmmonitor.record.CallStatus;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallFilter;
import io.llmmonitor.record.LlmUsageGrouping;
import io.llmmonitor.record.jdbc.JdbcLlmCallRepository;
import io.llmmonitor.record.jdbc.SqlDialect;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The queries behind {@code /actuator/llmcalls} (first page, with and without filters)
 * and {@code /actuator/llmusage} (grouped by model over 24 hours and 30 days), against
 * 1,000,000 realistic records spread over 30 days, in each store.
 */
public final class QueryBenchmark {

	private static final int RECORDS = Integer.getInteger("bench.query.records", 1_000_000);

	private static final int RUNS = 15;

	private QueryBenchmark() {
	}

	public static void main(String[] args) {
		Results.line("");
		Results.line("## Queries at " + String.format("%,d", RECORDS) + " records (30 days)");
		Results.line("");
		Results.line("| store | query | median ms | slowest ms |");
		Results.line("|---|---|---:|---:|");
		for (Databases database : Databases.selected()) {
			try (HikariDataSource dataSource = database.open()) {
				JdbcLlmCallRepository repository = new JdbcLlmCallRepository(dataSource, SqlDialect.of(dataSource));
				load(database, dataSource, repository);
				Instant now = Instant.now();
				// A new call lands before every run, as in a live application: no result
				// cache helps.
				Records live = new Records(11, now, Duration.ofMinutes(1));
				Runnable arrival = () -> repository.saveAll(List.of(live.next()));
				long requests = repository
					.usage(LlmCallFilter.ALL.withWindow(now.minus(Duration.ofDays(31)), null),
							LlmUsageGrouping.by(LlmUsageGrouping.Dimension.MODEL), null)
					.stream()
					.mapToLong(io.llmmonitor.record.LlmUsage::requests)
					.sum();
				System.out.printf("%s holds %,d calls%n", database.label(), requests);
				measure(arrival, database, "llmcalls: first page, no filter",
						() -> repository.find(LlmCallFilter.ALL, 50, null));
				measure(arrival, database, "llmcalls: first page, project + model", () -> repository
					.find(filter("checkout", "gpt-4o-2024-08-06", null, null, null, null), 50, null));
				measure(arrival, database, "llmcalls: first page, status=error",
						() -> repository.find(filter(null, null, CallStatus.ERROR, null, null, null), 50, null));
				measure(arrival, database, "llmcalls: first page, attribute tenant:tenant-7",
						() -> repository.find(filter(null, null, null, null, "tenant", "tenant-7"), 50, null));
				measure(arrival, database, "llmcalls: first page, tag beta",
						() -> repository.find(filter(null, null, null, "beta", null, null), 50, null));
				measure(arrival, database, "llmcalls: first page, threadId",
						() -> repository.find(new LlmCallFilter(null, null, null, null, null, null, "thread-4242", null,
								null, null, null, null, null), 50, null));
				measure(arrival, database, "llmusage: by model, last 24 hours",
						() -> repository.usage(LlmCallFilter.ALL.withWindow(now.minus(Duration.ofHours(24)), null),
								LlmUsageGrouping.by(LlmUsageGrouping.Dimension.MODEL), null));
				measure(arrival, database, "llmusage: by model, last 30 days",
						() -> repository.usage(LlmCallFilter.ALL.withWindow(now.minus(Duration.ofDays(30)), null),
								LlmUsageGrouping.by(LlmUsageGrouping.Dimension.MODEL), null));
				measure(arrival, database, "llmusage: by model, last 24 hours, 1h buckets",
						() -> repository.usage(LlmCallFilter.ALL.withWindow(now.minus(Duration.ofHours(24)), null),
								LlmUsageGrouping.by(LlmUsageGrouping.Dimension.MODEL), Duration.ofHours(1)));
			}
		}
	}

	private static LlmCallFilter filter(String project, String model, CallStatus status, String tag, String attribute,
			String value) {
		return new LlmCallFilter(project, model, null, null, null, status, null, null, tag, attribute, value, null,
				null);
	}

	/**
	 * Fill the store with {@code RECORDS} calls over the last 30 days, unless it holds
	 * them already: as many, the newest less than an hour old, every one in the daily
	 * rollups (a store from an earlier schema fails these checks and is loaded again).
	 */
	static void load(Databases database, HikariDataSource dataSource, JdbcLlmCallRepository repository) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		if (!holdsFreshRecords(jdbc) || Boolean.getBoolean("bench.query.reload")) {
			database.recreateSchema(dataSource);
			long start = System.nanoTime();
			Records generator = new Records(7, Instant.now(), Duration.ofDays(30));
			List<LlmCall> batch = new ArrayList<>(5000);
			for (int i = 0; i < RECORDS; i++) {
				batch.add(generator.next());
				if (batch.size() == 5000) {
					repository.saveAll(batch);
					batch.clear();
				}
			}
			repository.saveAll(batch);
			System.out.printf("loaded %,d records into %s in %.0f s%n", RECORDS, database.label(),
					(System.nanoTime() - start) / 1e9);
		}
		if (database == Databases.POSTGRESQL) {
			jdbc.execute("ANALYZE");
		}
	}

	private static boolean holdsFreshRecords(JdbcTemplate jdbc) {
		try {
			Long calls = jdbc.queryForObject("SELECT COUNT(*) FROM llm_call", Long.class);
			Long rolledUp = jdbc.queryForObject("SELECT SUM(requests) FROM llm_usage_day", Long.class);
			java.sql.Timestamp newest = jdbc.queryForObject("SELECT MAX(started_at) FROM llm_call",
					java.sql.Timestamp.class);
			return calls != null && calls >= RECORDS && calls <= RECORDS + 10_000 && calls.equals(rolledUp)
					&& newest != null && newest.toInstant().isAfter(Instant.now().minus(Duration.ofHours(1)));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static void measure(Runnable arrival, Databases database, String query, Supplier<?> run) {
		for (int i = 0; i < 3; i++) {
			arrival.run();
			run.get();
		}
		double[] millis = new double[RUNS];
		for (int i = 0; i < RUNS; i++) {
			arrival.run();
			long start = System.nanoTime();
			run.get();
			millis[i] = (System.nanoTime() - start) / 1e6;
		}
		Arrays.sort(millis);
		Results.line(String.format("| %s | %s | %.1f | %.1f |", database.label(), query, millis[RUNS / 2],
				millis[RUNS - 1]));
	}

}
