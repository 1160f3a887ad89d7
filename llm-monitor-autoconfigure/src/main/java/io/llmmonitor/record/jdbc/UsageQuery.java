package io.llmmonitor.record.jdbc;

import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmmonitor.record.CallStatus;
import io.llmmonitor.record.LlmCallFilter;
import io.llmmonitor.record.LlmUsage;
import io.llmmonitor.record.LlmUsageGrouping;
import io.llmmonitor.record.LlmUsageViews;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * Usage of the calls a filter selects, summed per group (and time bucket). A window's
 * whole UTC days are read from the daily rollups (unless its buckets are shorter than a
 * day), the whole hours around them from the hourly rollups, and its partial first and
 * last hours from the calls; what the rollups do not keep is read from the calls.
 */
final class UsageQuery {

	/** The SQL form of {@link io.llmmonitor.record.CallOutcome#failed()}. */
	static final String FAILED = "c.status = '" + CallStatus.ERROR.value() + "'";

	/** The SQL form of {@link io.llmmonitor.record.LlmCall#unpriced()}. */
	static final String UNPRICED = "c.cost_usd IS NULL AND (c.status <> '" + CallStatus.ERROR.value()
			+ "' OR c.prompt_tokens IS NOT NULL OR c.completion_tokens IS NOT NULL)";

	private static final String CALL_SUMS = """
			COUNT(*) AS requests,
			SUM(CASE WHEN %s THEN 1 ELSE 0 END) AS errors,
			SUM(COALESCE(c.prompt_tokens, 0)) AS prompt_tokens,
			SUM(COALESCE(c.completion_tokens, 0)) AS completion_tokens,
			SUM(COALESCE(c.cached_tokens, 0)) AS cached_tokens,
			SUM(COALESCE(c.reasoning_tokens, 0)) AS reasoning_tokens,
			SUM(COALESCE(c.total_tokens, 0)) AS total_tokens,
			SUM(COALESCE(c.cost_usd, 0)) AS cost_usd,
			SUM(CASE WHEN %s THEN 1 ELSE 0 END) AS unpriced,
			MAX(c.latency_ms) AS latency_max_ms,
			MAX(c.time_to_first_token_ms) AS ttft_max_ms""".formatted(FAILED, UNPRICED);

	/** The key of the one group of {@link LlmUsageGrouping.Dimension#NONE}. */
	static final String ALL = LlmUsageViews.ALL;

	private final NamedParameterJdbcTemplate named;

	private final SqlDialect dialect;

	private final LlmCallFilter filter;

	private final LlmUsageGrouping grouping;

	private final long bucketSeconds;

	private final Map<List<Object>, UsageSum> sums = new LinkedHashMap<>();

	UsageQuery(NamedParameterJdbcTemplate named, SqlDialect dialect, LlmCallFilter filter, LlmUsageGrouping grouping,
			long bucketSeconds) {
		this.named = named;
		this.dialect = dialect;
		this.filter = filter;
		this.grouping = grouping;
		this.bucketSeconds = bucketSeconds;
	}

	List<LlmUsage> run() {
		collect();
		return usage(this.sums);
	}

	/**
	 * Read each group's buckets once, then sum them over the groups, over the buckets and
	 * over both; histograms add up, so the percentiles are those of four reads.
	 * @return the four views
	 */
	LlmUsageViews views() {
		collect();
		Map<List<Object>, UsageSum> overall = new LinkedHashMap<>();
		Map<List<Object>, UsageSum> overallSeries = new LinkedHashMap<>();
		Map<List<Object>, UsageSum> groups = new LinkedHashMap<>();
		this.sums.forEach((key, sum) -> {
			addTo(overall, List.of(LlmUsageViews.ALL, ""), sum);
			addTo(overallSeries, List.of(LlmUsageViews.ALL, key.get(1)), sum);
			addTo(groups, List.of(key.get(0), ""), sum);
		});
		List<LlmUsage> total = usage(overall);
		boolean series = this.bucketSeconds > 0;
		return new LlmUsageViews(total.isEmpty() ? LlmUsageViews.nothing() : total.get(0),
				series ? usage(overallSeries) : null, series ? usage(groups) : usage(this.sums),
				series ? usage(this.sums) : null);
	}

	private static void addTo(Map<List<Object>, UsageSum> sums, List<Object> key, UsageSum sum) {
		sums.computeIfAbsent(key, (k) -> new UsageSum()).add(sum);
	}

	private void collect() {
		Instant from = this.filter.from();
		Instant to = this.filter.to();
		Instant hourFrom = (from != null) ? ceil(from, ChronoUnit.HOURS) : null;
		Instant hourTo = (to != null) ? to.truncatedTo(ChronoUnit.HOURS) : null;
		boolean rollupsAnswer = this.grouping.dimension() != LlmUsageGrouping.Dimension.ATTRIBUTE
				&& CallFilterSql.rollupsKeep(this.filter) && this.bucketSeconds % 3600 == 0;
		if (!rollupsAnswer || (hourFrom != null && hourTo != null && !hourFrom.isBefore(hourTo))) {
			ofCalls(this.filter);
			return;
		}
		if (from != null && hourFrom != null && from.isBefore(hourFrom)) {
			ofCalls(this.filter.withWindow(from, hourFrom));
		}
		ofWholeHours(hourFrom, hourTo);
		if (to != null && hourTo != null && hourTo.isBefore(to)) {
			ofCalls(this.filter.withWindow(hourTo, to));
		}
	}

	/**
	 * Usage of a window of whole hours: whole UTC days from the daily rollups when the
	 * buckets are whole days (or there are none), the hours around them from the hourly
	 * rollups.
	 * @param from the window's first whole hour, or {@code null}
	 * @param to the end of its last whole hour, or {@code null}
	 */
	private void ofWholeHours(@Nullable Instant from, @Nullable Instant to) {
		Instant dayFrom = (from != null) ? ceil(from, ChronoUnit.DAYS) : null;
		Instant dayTo = (to != null) ? to.truncatedTo(ChronoUnit.DAYS) : null;
		boolean wholeDays = this.bucketSeconds % 86_400 == 0
				&& (dayFrom == null || dayTo == null || dayFrom.isBefore(dayTo));
		if (!wholeDays) {
			ofRollups(LlmCallRollups.HOURLY, this.filter.withWindow(from, to));
			return;
		}
		if (from != null && dayFrom != null && from.isBefore(dayFrom)) {
			ofRollups(LlmCallRollups.HOURLY, this.filter.withWindow(from, dayFrom));
		}
		ofRollups(LlmCallRollups.DAILY, this.filter.withWindow(dayFrom, dayTo));
		if (to != null && dayTo != null && dayTo.isBefore(to)) {
			ofRollups(LlmCallRollups.HOURLY, this.filter.withWindow(dayTo, to));
		}
	}

	private void ofCalls(LlmCallFilter window) {
		MapSqlParameterSource params = new MapSqlParameterSource();
		String from = " FROM llm_call c";
		String key = switch (this.grouping.dimension()) {
			case NONE -> null;
			case MODEL -> "COALESCE(c.model, c.requested_model)";
			case PROVIDER -> "c.provider";
			case PROJECT -> "c.project";
			case OPERATION -> "c.operation";
			case SOURCE -> "c.source";
			case ATTRIBUTE -> {
				from += " LEFT JOIN llm_call_attribute g ON g.call_id = c.id AND g.name = :groupAttribute";
				params.addValue("groupAttribute", this.grouping.attributeName());
				yield "g.attribute_value";
			}
		};
		String bucket = bucket("c.started_at");
		StringBuilder select = new StringBuilder("SELECT ").append(keyColumn(key))
			.append(" AS group_key, ")
			.append((bucket != null) ? bucket : "NULL")
			.append(" AS bucket, ")
			.append(CALL_SUMS);
		for (Histogram.Layout layout : Histogram.Layout.values()) {
			for (int i = 0; i < layout.buckets(); i++) {
				select.append(", SUM(CASE WHEN ")
					.append(layout.condition(i, "c." + layout.callColumn()))
					.append(" THEN 1 ELSE 0 END) AS ")
					.append(layout.column(i));
			}
		}
		StringBuilder where = CallFilterSql.calls(this.dialect, window, params);
		query(select + from + where + groupBy(key, bucket), params);
	}

	private void ofRollups(String table, LlmCallFilter window) {
		MapSqlParameterSource params = new MapSqlParameterSource();
		String key = switch (this.grouping.dimension()) {
			case NONE -> null;
			case MODEL -> "r.model";
			case PROVIDER -> "r.provider";
			case PROJECT -> "r.project";
			case OPERATION -> "r.operation";
			case SOURCE -> "r.source";
			case ATTRIBUTE -> throw new IllegalStateException("Rollups are not kept per attribute");
		};
		String bucket = bucket("r.bucket_start");
		StringBuilder select = new StringBuilder("SELECT ").append(keyColumn(key))
			.append(" AS group_key, ")
			.append((bucket != null) ? bucket : "NULL")
			.append(" AS bucket");
		for (String column : LlmCallRollups.MAX_COLUMNS) {
			select.append(", MAX(r.").append(column).append(") AS ").append(column);
		}
		for (String column : LlmCallRollups.SUM_COLUMNS) {
			select.append(", SUM(r.").append(column).append(") AS ").append(column);
		}
		StringBuilder where = CallFilterSql.rollups(this.dialect, window, params);
		query(select + " FROM " + table + " r" + where + groupBy(key, bucket), params);
	}

	private static String keyColumn(@Nullable String key) {
		return (key != null) ? key : "'" + ALL + "'";
	}

	private static String groupBy(@Nullable String key, @Nullable String bucket) {
		if (key == null) {
			return (bucket != null) ? " GROUP BY " + bucket : "";
		}
		return " GROUP BY " + key + ((bucket != null) ? ", " + bucket : "");
	}

	private @Nullable String bucket(String column) {
		return (this.bucketSeconds > 0)
				? "FLOOR(" + this.dialect.epochSeconds(column) + " / " + this.bucketSeconds + ")" : null;
	}

	private void query(String sql, MapSqlParameterSource params) {
		this.named.query(sql, params, (ResultSet rs) -> {
			String groupKey = rs.getString("group_key");
			long bucket = rs.getLong("bucket");
			Object bucketKey = rs.wasNull() ? "" : bucket;
			List<Object> key = List.of((groupKey != null && !groupKey.isEmpty()) ? groupKey : "none", bucketKey);
			this.sums.computeIfAbsent(key, (k) -> new UsageSum()).add(rs);
		});
	}

	private List<LlmUsage> usage(Map<List<Object>, UsageSum> sums) {
		List<LlmUsage> usage = new ArrayList<>(sums.size());
		sums.forEach((key, sum) -> {
			Instant bucketStart = (key.get(1) instanceof Long bucket)
					? Instant.ofEpochSecond(bucket * this.bucketSeconds) : null;
			usage.add(sum.toUsage((String) key.get(0), bucketStart));
		});
		usage.sort((a, b) -> {
			Instant first = a.bucketStart();
			Instant second = b.bucketStart();
			int byBucket = (first != null && second != null) ? first.compareTo(second) : 0;
			return (byBucket != 0) ? byBucket : a.key().compareTo(b.key());
		});
		return usage;
	}

	private static Instant ceil(Instant instant, ChronoUnit unit) {
		Instant start = instant.truncatedTo(unit);
		return start.equals(instant) ? start : start.plus(1, unit);
	}

}
