package io.llmmonitor.record;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * {@link LlmCallRepository} on plain JDBC: batched inserts into {@code llm_call} and its
 * child tables {@code llm_call_attribute} and {@code llm_call_tag}, and filtered reads.
 *
 * @since 0.1.0
 */
public class JdbcLlmCallRepository implements LlmCallRepository {

	private static final String CALL_COLUMN_NAMES = """
			id, started_at, latency_ms, time_to_first_token_ms, project, source, provider, operation, requested_model, \
			model, response_id, streamed, model_requests, prompt_tokens, completion_tokens, total_tokens, cached_tokens, \
			cache_write_tokens, reasoning_tokens, tokens_estimated, cost_usd, finish_reason, tool_calls, status, \
			http_status, error_type, error_message, thread_id, user_id, client_id, trace_id, span_id, request_options, \
			messages, response_text, content_truncated""";

	private static final int V = Types.VARCHAR;

	private static final int B = Types.BIGINT;

	private static final int BOOL = Types.BOOLEAN;

	/**
	 * SQL type of each column, so that every row binds its values, nulls included, alike.
	 */
	private static final int[] CALL_COLUMN_TYPES = { V, Types.TIMESTAMP_WITH_TIMEZONE, B, B, V, V, V, V, V, V, V, BOOL,
			Types.INTEGER, B, B, B, B, B, B, BOOL, Types.DECIMAL, V, V, V, Types.INTEGER, V, V, V, V, V, V, V, V, V, V,
			BOOL };

	private static final int CALL_COLUMNS = CALL_COLUMN_TYPES.length;

	private static final int[] ATTRIBUTE_COLUMN_TYPES = { V, V, V };

	private static final int[] TAG_COLUMN_TYPES = { V, V };

	private static final String INSERT_CALL = "INSERT INTO llm_call (" + CALL_COLUMN_NAMES + ") VALUES ("
			+ String.join(", ", Collections.nCopies(CALL_COLUMNS, "?")) + ")";

	private static final int ROWS_PER_INSERT = 100;

	private static final String ATTRIBUTE_COLUMN_NAMES = "call_id, name, attribute_value";

	private static final String INSERT_ATTRIBUTE = "INSERT INTO llm_call_attribute (" + ATTRIBUTE_COLUMN_NAMES
			+ ") VALUES (?, ?, ?)";

	private static final String TAG_COLUMN_NAMES = "call_id, tag";

	private static final String INSERT_TAG = "INSERT INTO llm_call_tag (" + TAG_COLUMN_NAMES + ") VALUES (?, ?)";

	private static final String SUMMARY_COLUMNS = """
			c.id, c.started_at, c.latency_ms, c.time_to_first_token_ms, c.project, c.source, c.provider, c.operation,
			c.requested_model, c.model, c.response_id, c.streamed, c.model_requests, c.prompt_tokens,
			c.completion_tokens, c.total_tokens, c.cached_tokens, c.cache_write_tokens, c.reasoning_tokens,
			c.tokens_estimated, c.cost_usd, c.finish_reason, c.tool_calls, c.status, c.http_status, c.error_type,
			c.error_message, c.thread_id, c.user_id, c.client_id, c.trace_id, c.span_id, c.request_options,
			c.content_truncated""";

	private static final String SELECT_BY_ID = "SELECT " + SUMMARY_COLUMNS
			+ ", c.messages, c.response_text FROM llm_call c WHERE c.id = :id";

	private static final String SELECT_ATTRIBUTES = "SELECT call_id, name, attribute_value FROM llm_call_attribute WHERE call_id IN (:ids)";

	private static final String SELECT_TAGS = "SELECT call_id, tag FROM llm_call_tag WHERE call_id IN (:ids) ORDER BY tag";

	private static final String DELETE_ATTRIBUTES_BEFORE = "DELETE FROM llm_call_attribute WHERE call_id IN (SELECT id FROM llm_call WHERE started_at < ?)";

	private static final String DELETE_TAGS_BEFORE = "DELETE FROM llm_call_tag WHERE call_id IN (SELECT id FROM llm_call WHERE started_at < ?)";

	private static final String DELETE_CALLS_BEFORE = "DELETE FROM llm_call WHERE started_at < ?";

	private static final String DELETE_HOURLY_ROLLUPS_BEFORE = "DELETE FROM " + LlmCallRollups.HOURLY
			+ " WHERE bucket_start < ?";

	private static final String DELETE_DAILY_ROLLUPS_BEFORE = "DELETE FROM " + LlmCallRollups.DAILY
			+ " WHERE bucket_start < ?";

	private static final TypeReference<List<LlmToolCall>> TOOL_CALLS = new TypeReference<>() {
	};

	private static final TypeReference<List<LlmMessage>> MESSAGES = new TypeReference<>() {
	};

	private static final TypeReference<LinkedHashMap<String, Object>> OPTIONS = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate named;

	private final TransactionTemplate transaction;

	private final SqlDialect dialect;

	private final JsonMapper json;

	private final LlmCallRollups hourlyRollups;

	private final LlmCallRollups dailyRollups;

	/**
	 * Create a repository on the given data source.
	 * @param dataSource the data source holding the llm-monitor tables
	 * @param dialect the dialect of that data source
	 */
	public JdbcLlmCallRepository(DataSource dataSource, SqlDialect dialect) {
		Assert.notNull(dataSource, "'dataSource' must not be null");
		Assert.notNull(dialect, "'dialect' must not be null");
		this.jdbc = new JdbcTemplate(dataSource);
		this.named = new NamedParameterJdbcTemplate(this.jdbc);
		this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.dialect = dialect;
		this.json = JsonMapper.builder().build();
		this.hourlyRollups = new LlmCallRollups(dialect, LlmCallRollups.HOURLY, ChronoUnit.HOURS);
		this.dailyRollups = new LlmCallRollups(dialect, LlmCallRollups.DAILY, ChronoUnit.DAYS);
	}

	/**
	 * The database this repository writes to.
	 * @return the dialect
	 */
	public SqlDialect dialect() {
		return this.dialect;
	}

	@Override
	public void saveAll(List<LlmCall> calls) {
		if (calls.isEmpty()) {
			return;
		}
		List<Object[]> callRows = new ArrayList<>(calls.size());
		List<Object[]> attributes = new ArrayList<>();
		List<Object[]> tags = new ArrayList<>();
		for (LlmCall call : calls) {
			callRows.add(callRow(call));
			call.attributes().forEach((name, value) -> attributes.add(new Object[] { call.id(), name, value }));
			for (String tag : call.tags()) {
				tags.add(new Object[] { call.id(), tag });
			}
		}
		this.transaction.executeWithoutResult((status) -> {
			if (this.dialect == SqlDialect.POSTGRESQL) {
				insertIntoPostgres(callRows, attributes, tags);
			}
			else {
				batchInsert(INSERT_CALL, callRows, CALL_COLUMN_TYPES);
				batchInsert(INSERT_ATTRIBUTE, attributes, ATTRIBUTE_COLUMN_TYPES);
				batchInsert(INSERT_TAG, tags, TAG_COLUMN_TYPES);
			}
			this.hourlyRollups.add(this.jdbc, calls);
			this.dailyRollups.add(this.jdbc, calls);
		});
	}

	/**
	 * PostgreSQL runs each statement of a JDBC batch on its own (unless the URL sets
	 * reWriteBatchedInserts): rows go in with {@code COPY}, or with multi-row
	 * {@code INSERT}s through a connection that does not reveal PostgreSQL's driver.
	 */
	private void insertIntoPostgres(List<Object[]> calls, List<Object[]> attributes, List<Object[]> tags) {
		this.jdbc.execute((ConnectionCallback<Void>) (connection) -> {
			// Records are monitoring data, already held in memory before they are
			// written: a
			// database crash may lose the last moments of them, and in exchange the
			// commit
			// does not wait for the WAL to reach the disk. Other transactions are
			// unaffected.
			try (Statement statement = connection.createStatement()) {
				statement.execute("SET LOCAL synchronous_commit = off");
			}
			if (PostgresCopy.supports(connection)) {
				PostgresCopy.copy(connection, "llm_call", CALL_COLUMN_NAMES, calls);
				PostgresCopy.copy(connection, "llm_call_attribute", ATTRIBUTE_COLUMN_NAMES, attributes);
				PostgresCopy.copy(connection, "llm_call_tag", TAG_COLUMN_NAMES, tags);
			}
			else {
				insertRows(INSERT_CALL, calls, CALL_COLUMN_TYPES);
				insertRows(INSERT_ATTRIBUTE, attributes, ATTRIBUTE_COLUMN_TYPES);
				insertRows(INSERT_TAG, tags, TAG_COLUMN_TYPES);
			}
			return null;
		});
	}

	private Object[] callRow(LlmCall call) {
		return new Object[] { call.id(), OffsetDateTime.ofInstant(call.startedAt(), ZoneOffset.UTC), call.latencyMs(),
				call.timeToFirstTokenMs(), call.project(), call.source(), call.provider(), call.operation(),
				call.requestedModel(), call.model(), call.responseId(), call.streamed(), call.modelRequests(),
				call.promptTokens(), call.completionTokens(), call.totalTokens(), call.cachedTokens(),
				call.cacheWriteTokens(), call.reasoningTokens(), call.tokensEstimated(), call.costUsd(),
				call.finishReason(), call.toolCalls().isEmpty() ? null : this.json.writeValueAsString(call.toolCalls()),
				call.status(), call.httpStatus(), call.errorType(), call.errorMessage(), call.threadId(), call.userId(),
				call.clientId(), call.traceId(), call.spanId(),
				call.requestOptions().isEmpty() ? null : this.json.writeValueAsString(call.requestOptions()),
				call.messages().isEmpty() ? null : this.json.writeValueAsString(call.messages()), call.responseText(),
				call.contentTruncated() };
	}

	private void batchInsert(String insert, List<Object[]> rows, int[] types) {
		if (!rows.isEmpty()) {
			this.jdbc.batchUpdate(insert, rows, rows.size(), (ps, row) -> setRow(ps, row, types, 0));
		}
	}

	private void insertRows(String insert, List<Object[]> rows, int[] types) {
		String prefix = insert.substring(0, insert.indexOf("VALUES") + "VALUES".length()) + " ";
		String group = "(" + String.join(", ", Collections.nCopies(types.length, "?")) + ")";
		for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
			List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
			String sql = prefix + String.join(", ", Collections.nCopies(chunk.size(), group));
			this.jdbc.update(sql, (ps) -> {
				int offset = 0;
				for (Object[] row : chunk) {
					setRow(ps, row, types, offset);
					offset += types.length;
				}
			});
		}
	}

	private static void setRow(PreparedStatement ps, Object[] row, int[] types, int offset) throws SQLException {
		for (int i = 0; i < row.length; i++) {
			int index = offset + i + 1;
			Object value = row[i];
			if (value == null) {
				ps.setNull(index, types[i]);
				continue;
			}
			switch (types[i]) {
				case Types.VARCHAR -> ps.setString(index, (String) value);
				case Types.BIGINT -> ps.setLong(index, (Long) value);
				case Types.INTEGER -> ps.setInt(index, (Integer) value);
				case Types.BOOLEAN -> ps.setBoolean(index, (Boolean) value);
				case Types.DECIMAL -> ps.setBigDecimal(index, (BigDecimal) value);
				default -> ps.setObject(index, value);
			}
		}
	}

	@Override
	public Optional<LlmCall> findById(String id) {
		List<LlmCall.Builder> found = this.named.query(SELECT_BY_ID, Map.of("id", id), callMapper(true));
		if (found.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(withChildren(found).get(0));
	}

	@Override
	public LlmCallPage find(LlmCallFilter filter, int limit, @Nullable String before) {
		Assert.isTrue(limit > 0, "'limit' must be positive");
		MapSqlParameterSource params = new MapSqlParameterSource();
		StringBuilder where = where(filter, params);
		if (before != null) {
			and(where).append("c.id < :before");
			params.addValue("before", before);
		}
		params.addValue("limit", limit + 1);
		String sql = "SELECT " + SUMMARY_COLUMNS + " FROM llm_call c" + where + " ORDER BY c.id DESC"
				+ " FETCH FIRST :limit ROWS ONLY";
		if (this.dialect == SqlDialect.MYSQL) {
			sql = "SELECT " + SUMMARY_COLUMNS + " FROM llm_call c" + where + " ORDER BY c.id DESC LIMIT :limit";
		}
		List<LlmCall.Builder> rows = this.named.query(sql, params, callMapper(false));
		String next = null;
		if (rows.size() > limit) {
			rows = rows.subList(0, limit);
			next = rows.get(limit - 1).build().id();
		}
		return new LlmCallPage(withChildren(rows), next);
	}

	@Override
	public List<LlmUsage> usage(LlmCallFilter filter, LlmUsageGrouping grouping, @Nullable Duration bucket) {
		long bucketSeconds = (bucket != null) ? bucket.toSeconds() : 0;
		Assert.isTrue(bucket == null || bucketSeconds > 0, "'bucket' must be at least one second");
		Map<List<Object>, UsageSum> sums = new LinkedHashMap<>();
		if (rollupsAnswer(filter, grouping, bucketSeconds)) {
			Instant from = filter.from();
			Instant to = filter.to();
			Instant hourFrom = (from != null) ? ceil(from, ChronoUnit.HOURS) : null;
			Instant hourTo = (to != null) ? to.truncatedTo(ChronoUnit.HOURS) : null;
			if (hourFrom == null || hourTo == null || hourFrom.isBefore(hourTo)) {
				if (from != null && from.isBefore(hourFrom)) {
					usageOfCalls(filter.withWindow(from, hourFrom), grouping, bucketSeconds, sums);
				}
				usageOfWholeHours(filter.withWindow(hourFrom, hourTo), grouping, bucketSeconds, sums);
				if (to != null && hourTo.isBefore(to)) {
					usageOfCalls(filter.withWindow(hourTo, to), grouping, bucketSeconds, sums);
				}
				return toUsage(sums, bucketSeconds);
			}
		}
		usageOfCalls(filter, grouping, bucketSeconds, sums);
		return toUsage(sums, bucketSeconds);
	}

	/**
	 * Usage of a window of whole hours: whole UTC days from the daily rollups when the
	 * buckets are whole days (or there are none), the hours around them from the hourly
	 * rollups.
	 */
	private void usageOfWholeHours(LlmCallFilter filter, LlmUsageGrouping grouping, long bucketSeconds,
			Map<List<Object>, UsageSum> sums) {
		Instant from = filter.from();
		Instant to = filter.to();
		Instant dayFrom = (from != null) ? ceil(from, ChronoUnit.DAYS) : null;
		Instant dayTo = (to != null) ? to.truncatedTo(ChronoUnit.DAYS) : null;
		boolean wholeDays = bucketSeconds % 86_400 == 0
				&& (dayFrom == null || dayTo == null || dayFrom.isBefore(dayTo));
		if (!wholeDays) {
			usageOfRollups(LlmCallRollups.HOURLY, filter, grouping, bucketSeconds, sums);
			return;
		}
		if (from != null && from.isBefore(dayFrom)) {
			usageOfRollups(LlmCallRollups.HOURLY, filter.withWindow(from, dayFrom), grouping, bucketSeconds, sums);
		}
		usageOfRollups(LlmCallRollups.DAILY, filter.withWindow(dayFrom, dayTo), grouping, bucketSeconds, sums);
		if (to != null && dayTo.isBefore(to)) {
			usageOfRollups(LlmCallRollups.HOURLY, filter.withWindow(dayTo, to), grouping, bucketSeconds, sums);
		}
	}

	/**
	 * Whether the rollups hold what the query asks: a grouping and filters they keep, and
	 * buckets of whole hours.
	 */
	private boolean rollupsAnswer(LlmCallFilter filter, LlmUsageGrouping grouping, long bucketSeconds) {
		return this.dialect != SqlDialect.MYSQL && grouping.dimension() != LlmUsageGrouping.Dimension.ATTRIBUTE
				&& filter.status() == null && filter.threadId() == null && filter.userId() == null
				&& filter.tag() == null && filter.attributeName() == null && bucketSeconds % 3600 == 0;
	}

	private static Instant ceil(Instant instant, ChronoUnit unit) {
		Instant start = instant.truncatedTo(unit);
		return start.equals(instant) ? start : start.plus(1, unit);
	}

	private void usageOfCalls(LlmCallFilter filter, LlmUsageGrouping grouping, long bucketSeconds,
			Map<List<Object>, UsageSum> sums) {
		MapSqlParameterSource params = new MapSqlParameterSource();
		String from = " FROM llm_call c";
		String key = switch (grouping.dimension()) {
			case MODEL -> "COALESCE(c.model, c.requested_model)";
			case PROVIDER -> "c.provider";
			case PROJECT -> "c.project";
			case OPERATION -> "c.operation";
			case ATTRIBUTE -> {
				from += " LEFT JOIN llm_call_attribute g ON g.call_id = c.id AND g.name = :groupAttribute";
				params.addValue("groupAttribute", grouping.attributeName());
				yield "g.attribute_value";
			}
		};
		String bucketExpression = (bucketSeconds > 0)
				? "FLOOR(" + this.dialect.epochSeconds("c.started_at") + " / " + bucketSeconds + ")" : null;
		StringBuilder where = where(filter, params);
		StringBuilder select = new StringBuilder("SELECT ").append(key)
			.append(" AS group_key, ")
			.append((bucketExpression != null) ? bucketExpression : "NULL")
			.append(" AS bucket, ")
			.append("""
					COUNT(*) AS requests,
					SUM(CASE WHEN c.status = 'error' THEN 1 ELSE 0 END) AS errors,
					SUM(COALESCE(c.prompt_tokens, 0)) AS prompt_tokens,
					SUM(COALESCE(c.completion_tokens, 0)) AS completion_tokens,
					SUM(COALESCE(c.cached_tokens, 0)) AS cached_tokens,
					SUM(COALESCE(c.reasoning_tokens, 0)) AS reasoning_tokens,
					SUM(COALESCE(c.total_tokens, 0)) AS total_tokens,
					SUM(COALESCE(c.cost_usd, 0)) AS cost_usd,
					SUM(CASE WHEN c.cost_usd IS NULL AND c.status = 'success' THEN 1 ELSE 0 END) AS unpriced,
					MAX(c.latency_ms) AS latency_max_ms""");
		for (int i = 0; i < LatencyHistogram.BUCKETS; i++) {
			select.append(", SUM(CASE WHEN ")
				.append(LatencyHistogram.condition(i, "c.latency_ms"))
				.append(" THEN 1 ELSE 0 END) AS ")
				.append(LatencyHistogram.column(i));
		}
		String sql = select + from + where + " GROUP BY " + key
				+ ((bucketExpression != null) ? ", " + bucketExpression : "");
		this.named.query(sql, params, (rs) -> {
			addUsage(rs, sums);
		});
	}

	private void usageOfRollups(String table, LlmCallFilter filter, LlmUsageGrouping grouping, long bucketSeconds,
			Map<List<Object>, UsageSum> sums) {
		MapSqlParameterSource params = new MapSqlParameterSource();
		String key = switch (grouping.dimension()) {
			case MODEL -> "r.model";
			case PROVIDER -> "r.provider";
			case PROJECT -> "r.project";
			case OPERATION -> "r.operation";
			case ATTRIBUTE -> throw new IllegalStateException("Rollups are not kept per attribute");
		};
		String bucketExpression = (bucketSeconds > 0)
				? "FLOOR(" + this.dialect.epochSeconds("r.bucket_start") + " / " + bucketSeconds + ")" : null;
		StringBuilder where = new StringBuilder();
		equal(where, params, "r.project", "project", filter.project());
		equal(where, params, "r.model", "model", filter.model());
		equal(where, params, "r.provider", "provider", filter.provider());
		equal(where, params, "r.operation", "operation", filter.operation());
		if (filter.from() != null) {
			and(where).append("r.bucket_start >= :from");
			params.addValue("from", OffsetDateTime.ofInstant(filter.from(), ZoneOffset.UTC));
		}
		if (filter.to() != null) {
			and(where).append("r.bucket_start < :to");
			params.addValue("to", OffsetDateTime.ofInstant(filter.to(), ZoneOffset.UTC));
		}
		StringBuilder select = new StringBuilder("SELECT ").append(key)
			.append(" AS group_key, ")
			.append((bucketExpression != null) ? bucketExpression : "NULL")
			.append(" AS bucket, MAX(r.latency_max_ms) AS latency_max_ms");
		for (String column : LlmCallRollups.SUM_COLUMNS) {
			select.append(", SUM(r.").append(column).append(") AS ").append(column);
		}
		String sql = select + " FROM " + table + " r" + where + " GROUP BY " + key
				+ ((bucketExpression != null) ? ", " + bucketExpression : "");
		this.named.query(sql, params, (rs) -> {
			addUsage(rs, sums);
		});
	}

	private static void addUsage(ResultSet rs, Map<List<Object>, UsageSum> sums) throws SQLException {
		String groupKey = rs.getString("group_key");
		long bucket = rs.getLong("bucket");
		Object bucketKey = rs.wasNull() ? "" : bucket;
		List<Object> key = List.of((groupKey != null && !groupKey.isEmpty()) ? groupKey : "none", bucketKey);
		sums.computeIfAbsent(key, (k) -> new UsageSum()).add(rs);
	}

	private static List<LlmUsage> toUsage(Map<List<Object>, UsageSum> sums, long bucketSeconds) {
		List<LlmUsage> usage = new ArrayList<>(sums.size());
		sums.forEach((key, sum) -> {
			Instant bucketStart = (key.get(1) instanceof Long bucket) ? Instant.ofEpochSecond(bucket * bucketSeconds)
					: null;
			usage.add(sum.toUsage((String) key.get(0), bucketStart));
		});
		usage.sort((a, b) -> {
			int byBucket = (a.bucketStart() != null && b.bucketStart() != null)
					? a.bucketStart().compareTo(b.bucketStart()) : 0;
			return (byBucket != 0) ? byBucket : a.key().compareTo(b.key());
		});
		return usage;
	}

	/**
	 * Usage of one group (and time bucket), summed over calls and rollups.
	 */
	private static final class UsageSum {

		private final long[] counts = new long[8];

		private BigDecimal cost = BigDecimal.ZERO;

		private final LatencyHistogram latency = new LatencyHistogram();

		private static final String[] COUNT_COLUMNS = { "requests", "errors", "prompt_tokens", "completion_tokens",
				"cached_tokens", "reasoning_tokens", "total_tokens", "unpriced" };

		void add(ResultSet rs) throws SQLException {
			for (int i = 0; i < COUNT_COLUMNS.length; i++) {
				this.counts[i] += rs.getLong(COUNT_COLUMNS[i]);
			}
			BigDecimal rowCost = rs.getBigDecimal("cost_usd");
			if (rowCost != null) {
				this.cost = this.cost.add(rowCost);
			}
			long[] buckets = new long[LatencyHistogram.BUCKETS];
			for (int i = 0; i < buckets.length; i++) {
				buckets[i] = rs.getLong(LatencyHistogram.column(i));
			}
			this.latency.add(new LatencyHistogram(buckets, rs.getLong("latency_max_ms")));
		}

		LlmUsage toUsage(String key, @Nullable Instant bucketStart) {
			return new LlmUsage(key, bucketStart, this.counts[0], this.counts[1], this.counts[2], this.counts[3],
					this.counts[4], this.counts[5], this.counts[6], UsdAmounts.normalize(this.cost), this.counts[7],
					this.latency.percentile(0.5), this.latency.percentile(0.95), this.latency.percentile(0.99));
		}

	}

	@Override
	public int deleteStartedBefore(Instant instant) {
		OffsetDateTime cutOff = OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
		Integer deleted = this.transaction.execute((status) -> {
			this.jdbc.update(DELETE_ATTRIBUTES_BEFORE, cutOff);
			this.jdbc.update(DELETE_TAGS_BEFORE, cutOff);
			if (this.dialect != SqlDialect.MYSQL) {
				this.jdbc.update(DELETE_HOURLY_ROLLUPS_BEFORE,
						OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.HOURS), ZoneOffset.UTC));
				this.jdbc.update(DELETE_DAILY_ROLLUPS_BEFORE,
						OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.DAYS), ZoneOffset.UTC));
			}
			return this.jdbc.update(DELETE_CALLS_BEFORE, cutOff);
		});
		return (deleted != null) ? deleted : 0;
	}

	private StringBuilder where(LlmCallFilter filter, MapSqlParameterSource params) {
		StringBuilder where = new StringBuilder();
		equal(where, params, "c.project", "project", filter.project());
		if (filter.model() != null) {
			and(where).append("(c.model = :model OR (c.model IS NULL AND c.requested_model = :model))");
			params.addValue("model", filter.model());
		}
		equal(where, params, "c.provider", "provider", filter.provider());
		equal(where, params, "c.operation", "operation", filter.operation());
		equal(where, params, "c.status", "status", filter.status());
		equal(where, params, "c.thread_id", "threadId", filter.threadId());
		equal(where, params, "c.user_id", "userId", filter.userId());
		if (filter.tag() != null) {
			and(where).append("EXISTS (SELECT 1 FROM llm_call_tag t WHERE t.call_id = c.id AND t.tag = :tag)");
			params.addValue("tag", filter.tag());
		}
		if (filter.attributeName() != null) {
			and(where).append("EXISTS (SELECT 1 FROM llm_call_attribute a WHERE a.call_id = c.id"
					+ " AND a.name = :attributeName AND a.attribute_value = :attributeValue)");
			params.addValue("attributeName", filter.attributeName());
			params.addValue("attributeValue", filter.attributeValue());
		}
		if (filter.from() != null) {
			and(where).append("c.started_at >= :from");
			params.addValue("from", OffsetDateTime.ofInstant(filter.from(), ZoneOffset.UTC));
		}
		if (filter.to() != null) {
			and(where).append("c.started_at < :to");
			params.addValue("to", OffsetDateTime.ofInstant(filter.to(), ZoneOffset.UTC));
		}
		return where;
	}

	private static void equal(StringBuilder where, MapSqlParameterSource params, String column, String name,
			@Nullable String value) {
		if (value != null) {
			and(where).append(column).append(" = :").append(name);
			params.addValue(name, value);
		}
	}

	private static StringBuilder and(StringBuilder where) {
		return where.append(where.isEmpty() ? " WHERE " : " AND ");
	}

	private List<LlmCall> withChildren(List<LlmCall.Builder> builders) {
		if (builders.isEmpty()) {
			return List.of();
		}
		Map<String, LlmCall.Builder> byId = new LinkedHashMap<>();
		for (LlmCall.Builder builder : builders) {
			byId.put(builder.build().id(), builder);
		}
		Map<String, Map<String, String>> attributes = new LinkedHashMap<>();
		Map<String, List<String>> tags = new LinkedHashMap<>();
		MapSqlParameterSource ids = new MapSqlParameterSource("ids", new ArrayList<>(byId.keySet()));
		this.named.query(SELECT_ATTRIBUTES, ids, (ResultSet rs) -> {
			attributes.computeIfAbsent(rs.getString(1), (id) -> new TreeMap<>()).put(rs.getString(2), rs.getString(3));
		});
		this.named.query(SELECT_TAGS, ids, (ResultSet rs) -> {
			tags.computeIfAbsent(rs.getString(1), (id) -> new ArrayList<>()).add(rs.getString(2));
		});
		List<LlmCall> calls = new ArrayList<>(byId.size());
		byId.forEach((id,
				builder) -> calls.add(builder.attributes(attributes.getOrDefault(id, Map.of()))
					.tags(tags.getOrDefault(id, List.of()))
					.build()));
		return calls;
	}

	private RowMapper<LlmCall.Builder> callMapper(boolean withContent) {
		return (rs, row) -> {
			OffsetDateTime startedAt = rs.getObject("started_at", OffsetDateTime.class);
			LlmCall.Builder builder = LlmCall.builder(rs.getString("id"), startedAt.toInstant())
				.latencyMs(rs.getLong("latency_ms"))
				.timeToFirstTokenMs(getLong(rs, "time_to_first_token_ms"))
				.project(rs.getString("project"))
				.source(rs.getString("source"))
				.provider(rs.getString("provider"))
				.operation(rs.getString("operation"))
				.requestedModel(rs.getString("requested_model"))
				.model(rs.getString("model"))
				.responseId(rs.getString("response_id"))
				.streamed(rs.getBoolean("streamed"))
				.modelRequests(rs.getInt("model_requests"))
				.promptTokens(getLong(rs, "prompt_tokens"))
				.completionTokens(getLong(rs, "completion_tokens"))
				.totalTokens(getLong(rs, "total_tokens"))
				.cachedTokens(getLong(rs, "cached_tokens"))
				.cacheWriteTokens(getLong(rs, "cache_write_tokens"))
				.reasoningTokens(getLong(rs, "reasoning_tokens"))
				.tokensEstimated(rs.getBoolean("tokens_estimated"))
				.costUsd(cost(rs.getBigDecimal("cost_usd")))
				.finishReason(rs.getString("finish_reason"))
				.toolCalls(readJson(rs.getString("tool_calls"), TOOL_CALLS, List.of()))
				.status(rs.getString("status"))
				.httpStatus(getInteger(rs, "http_status"))
				.errorType(rs.getString("error_type"))
				.errorMessage(rs.getString("error_message"))
				.threadId(rs.getString("thread_id"))
				.userId(rs.getString("user_id"))
				.clientId(rs.getString("client_id"))
				.traceId(rs.getString("trace_id"))
				.spanId(rs.getString("span_id"))
				.requestOptions(readJson(rs.getString("request_options"), OPTIONS, Map.of()))
				.contentTruncated(rs.getBoolean("content_truncated"));
			if (withContent) {
				builder.messages(readJson(rs.getString("messages"), MESSAGES, List.of()))
					.responseText(rs.getString("response_text"));
			}
			return builder;
		};
	}

	private static @Nullable BigDecimal cost(@Nullable BigDecimal cost) {
		return (cost != null) ? UsdAmounts.normalize(cost) : null;
	}

	private <T> T readJson(@Nullable String text, TypeReference<? extends T> type, T empty) {
		return (text != null) ? this.json.readValue(text, type) : empty;
	}

	private static @Nullable Long getLong(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

	private static @Nullable Integer getInteger(ResultSet rs, String column) throws SQLException {
		int value = rs.getInt(column);
		return rs.wasNull() ? null : value;
	}

}
