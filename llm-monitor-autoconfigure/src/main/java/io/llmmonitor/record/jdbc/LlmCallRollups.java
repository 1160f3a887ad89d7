package io.llmmonitor.record.jdbc;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import io.llmmonitor.record.CallTokens;
import io.llmmonitor.record.LlmCall;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Aggregates of calls per hour ({@code llm_usage_hour}) or per UTC day
 * ({@code llm_usage_day}), one row per period, project, source, provider, operation and
 * model, written with each batch of calls: usage over long windows reads a few rows per
 * period instead of every call.
 */
final class LlmCallRollups {

	static final String HOURLY = "llm_usage_hour";

	static final String DAILY = "llm_usage_day";

	static final List<String> KEY_COLUMNS = List.of("bucket_start", "project", "source", "provider", "operation",
			"model");

	static final List<String> SUM_COLUMNS;

	static {
		List<String> sums = new ArrayList<>(List.of("requests", "errors", "prompt_tokens", "completion_tokens",
				"cached_tokens", "reasoning_tokens", "total_tokens", "cost_usd", "unpriced"));
		for (Histogram.Layout layout : Histogram.Layout.values()) {
			for (int i = 0; i < layout.buckets(); i++) {
				sums.add(layout.column(i));
			}
		}
		SUM_COLUMNS = List.copyOf(sums);
	}

	static final List<String> MAX_COLUMNS = Arrays.stream(Histogram.Layout.values())
		.map(Histogram.Layout::maxColumn)
		.toList();

	private final String update;

	private final String insert;

	/**
	 * Adds to a row, or inserts it, in one statement; {@code null} where the database has
	 * none.
	 */
	private final @Nullable String upsert;

	private final SqlDialect dialect;

	private final String table;

	private final ChronoUnit period;

	/**
	 * Create the writer of one rollup table.
	 * @param dialect the database's dialect
	 * @param table {@link #HOURLY} or {@link #DAILY}
	 * @param period {@link ChronoUnit#HOURS} or {@link ChronoUnit#DAYS}
	 */
	LlmCallRollups(SqlDialect dialect, String table, ChronoUnit period) {
		this.dialect = dialect;
		this.table = table;
		this.period = period;
		List<String> all = new ArrayList<>(KEY_COLUMNS);
		all.addAll(SUM_COLUMNS);
		all.addAll(MAX_COLUMNS);
		String columns = String.join(", ", all);
		String marks = String.join(", ", all.stream().map((column) -> "?").toList());
		this.insert = "INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ")";
		StringJoiner set = new StringJoiner(", ");
		for (String column : SUM_COLUMNS) {
			set.add(column + " = " + column + " + ?");
		}
		for (String column : MAX_COLUMNS) {
			set.add(column + " = CASE WHEN " + column + " < ? THEN ? ELSE " + column + " END");
		}
		this.update = "UPDATE " + table + " SET " + set + " WHERE "
				+ String.join(" AND ", KEY_COLUMNS.stream().map((column) -> column + " = ?").toList());
		this.upsert = dialect.upsert(this.insert, table, KEY_COLUMNS, SUM_COLUMNS, MAX_COLUMNS);
	}

	/**
	 * Add a batch of calls to their periods, in the caller's transaction.
	 * @param jdbc the template
	 * @param calls the calls
	 */
	void add(JdbcTemplate jdbc, List<LlmCall> calls) {
		// Rows in one order for every writer: transactions of writers sharing a database
		// (one per application instance) then lock the rows they both add to in the same
		// order, and wait for each other instead of deadlocking.
		Map<List<Object>, Row> rows = new TreeMap<>(LlmCallRollups::compareKeys);
		for (LlmCall call : calls) {
			Instant start = call.timing().startedAt().truncatedTo(this.period);
			String model = call.effectiveModel();
			List<Object> key = List.of(this.dialect.timestamp(start), ColumnFit.callColumn("project", call.project()),
					call.origin().source().value(), ColumnFit.callColumn("provider", call.origin().provider()),
					call.request().operation().value(), (model != null) ? ColumnFit.callColumn("model", model) : "");
			rows.computeIfAbsent(key, (k) -> new Row()).add(call);
		}
		if (this.upsert != null) {
			List<Object[]> values = new ArrayList<>(rows.size());
			rows.forEach((key, row) -> values.add(row.insertValues(key)));
			jdbc.batchUpdate(this.upsert, values);
			return;
		}
		List<Map.Entry<List<Object>, Row>> entries = new ArrayList<>(rows.entrySet());
		List<Object[]> updates = new ArrayList<>(entries.size());
		entries.forEach((entry) -> updates.add(entry.getValue().updateValues(entry.getKey())));
		int[] updated = jdbc.batchUpdate(this.update, updates);
		for (int i = 0; i < updated.length; i++) {
			if (updated[i] == 0) {
				insertOrAdd(jdbc, entries.get(i).getKey(), entries.get(i).getValue());
			}
		}
	}

	private void insertOrAdd(JdbcTemplate jdbc, List<Object> key, Row row) {
		try {
			jdbc.update(this.insert, row.insertValues(key));
		}
		catch (DuplicateKeyException ex) {
			// Another writer created the row after the update found none. Only the failed
			// statement is undone, so the batch's transaction goes on and adds to that
			// row.
			jdbc.update(this.update, row.updateValues(key));
		}
	}

	/**
	 * Delete the rows of periods that start before the period of the given instant.
	 * @param jdbc the template
	 * @param instant the cut-off
	 */
	void deleteBefore(JdbcTemplate jdbc, Instant instant) {
		jdbc.update("DELETE FROM " + this.table + " WHERE bucket_start < ?",
				this.dialect.timestamp(instant.truncatedTo(this.period)));
	}

	@SuppressWarnings("unchecked")
	private static int compareKeys(List<Object> first, List<Object> second) {
		for (int i = 0; i < first.size(); i++) {
			int order = ((Comparable<Object>) first.get(i)).compareTo(second.get(i));
			if (order != 0) {
				return order;
			}
		}
		return 0;
	}

	/**
	 * Sums of one rollup row.
	 */
	private static final class Row {

		private final long[] sums = new long[8];

		private BigDecimal cost = BigDecimal.ZERO;

		private final Histogram latency = new Histogram(Histogram.Layout.LATENCY);

		private final Histogram firstToken = new Histogram(Histogram.Layout.TIME_TO_FIRST_TOKEN);

		void add(LlmCall call) {
			this.sums[0]++;
			if (call.failed()) {
				this.sums[1]++;
			}
			CallTokens tokens = call.tokens();
			this.sums[2] += orZero(tokens.promptTokens());
			this.sums[3] += orZero(tokens.completionTokens());
			this.sums[4] += orZero(tokens.cachedTokens());
			this.sums[5] += orZero(tokens.reasoningTokens());
			this.sums[6] += orZero(tokens.totalTokens());
			BigDecimal cost = call.costUsd();
			if (cost != null) {
				this.cost = this.cost.add(cost);
			}
			if (call.unpriced()) {
				this.sums[7]++;
			}
			this.latency.add(call.timing().latencyMs());
			Long firstToken = call.timing().timeToFirstTokenMs();
			if (firstToken != null) {
				this.firstToken.add(firstToken);
			}
		}

		private List<Object> sumValues() {
			List<Object> values = new ArrayList<>(SUM_COLUMNS.size());
			for (int i = 0; i < 7; i++) {
				values.add(this.sums[i]);
			}
			values.add(this.cost);
			values.add(this.sums[7]);
			for (Histogram histogram : histograms()) {
				for (int i = 0; i < histogram.buckets(); i++) {
					values.add(histogram.count(i));
				}
			}
			return values;
		}

		private List<Histogram> histograms() {
			return List.of(this.latency, this.firstToken);
		}

		Object[] insertValues(List<Object> key) {
			List<Object> values = new ArrayList<>(key);
			values.addAll(sumValues());
			for (Histogram histogram : histograms()) {
				values.add(histogram.maxMs());
			}
			return values.toArray();
		}

		Object[] updateValues(List<Object> key) {
			List<Object> values = sumValues();
			for (Histogram histogram : histograms()) {
				values.add(histogram.maxMs());
				values.add(histogram.maxMs());
			}
			values.addAll(key);
			return values.toArray();
		}

		private static long orZero(@Nullable Long value) {
			return (value != null) ? value : 0;
		}

	}

}
