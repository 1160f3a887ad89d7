package io.llmmonitor.record.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.sql.DataSource;

import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallFilter;
import io.llmmonitor.record.LlmCallPage;
import io.llmmonitor.record.LlmCallRepository;
import io.llmmonitor.record.LlmUsage;
import io.llmmonitor.record.LlmUsageGrouping;
import io.llmmonitor.record.LlmUsageViews;
import io.llmmonitor.record.StoreNotReadyException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;

/**
 * {@link LlmCallRepository} on plain JDBC: batched inserts into {@code llm_call}, its
 * child tables {@code llm_call_attribute} and {@code llm_call_tag} and the hourly and
 * daily rollups, in one transaction per batch; filtered reads; usage sums.
 *
 * @since 0.1.0
 */
public class JdbcLlmCallRepository implements LlmCallRepository {

	private static final String SELECT_ATTRIBUTES = "SELECT call_id, name, attribute_value FROM llm_call_attribute WHERE call_id IN (:ids)";

	private static final String SELECT_TAGS = "SELECT call_id, tag FROM llm_call_tag WHERE call_id IN (:ids) ORDER BY tag";

	private static final int PURGE_CHUNK = 500;

	private final JdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate named;

	private final TransactionTemplate transaction;

	private final SqlDialect dialect;

	private final CallColumns columns;

	private final LlmCallRollups hourlyRollups;

	private final LlmCallRollups dailyRollups;

	private volatile boolean synchronousCommit = true;

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
		this.columns = new CallColumns(dialect, JsonMapper.builder().build());
		this.hourlyRollups = new LlmCallRollups(dialect, LlmCallRollups.HOURLY, ChronoUnit.HOURS);
		this.dailyRollups = new LlmCallRollups(dialect, LlmCallRollups.DAILY, ChronoUnit.DAYS);
	}

	/**
	 * Whether a batch's commit waits until the batch is durable (the default). On
	 * PostgreSQL {@code false} commits each batch with {@code synchronous_commit = off}:
	 * a crash of the database server may then lose the last fraction of a second of
	 * records already counted as written. Other databases ignore it.
	 * @param synchronousCommit whether commits wait for durability
	 */
	public void setSynchronousCommit(boolean synchronousCommit) {
		this.synchronousCommit = synchronousCommit;
	}

	/**
	 * Describe the store: its database product and URL (without credentials) and whether
	 * llm-monitor's tables are there.
	 * @return the description
	 * @throws org.springframework.dao.DataAccessException when the database cannot be
	 * reached
	 */
	public StoreDescription describe() {
		return this.jdbc.execute((ConnectionCallback<StoreDescription>) (connection) -> {
			DatabaseMetaData metadata = connection.getMetaData();
			String url = (metadata.getURL() != null) ? metadata.getURL() : "";
			return new StoreDescription(metadata.getDatabaseProductName(), StoreDescription.withoutCredentials(url),
					tablesPresent(connection));
		});
	}

	/**
	 * Whether llm-monitor's tables are there to be written to.
	 * @return {@code true} when {@code llm_call} can be read
	 */
	public boolean tablesPresent() {
		Boolean present = this.jdbc.execute((ConnectionCallback<Boolean>) JdbcLlmCallRepository::tablesPresent);
		return Boolean.TRUE.equals(present);
	}

	private static boolean tablesPresent(Connection connection) {
		try (Statement statement = connection.createStatement()) {
			statement.executeQuery("SELECT 1 FROM llm_call WHERE 1 = 0").close();
			return true;
		}
		catch (SQLException ex) {
			return false;
		}
	}

	@Override
	public void checkReady() {
		StoreDescription store = describe();
		if (!store.tablesPresent()) {
			throw StoreNotReadyException.tablesMissing(store.product(), store.url());
		}
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
			callRows.add(this.columns.row(call));
			CallColumns.attributeRows(call, attributes);
			CallColumns.tagRows(call, tags);
		}
		this.transaction.executeWithoutResult((status) -> {
			this.dialect.beginBatch(this.jdbc, this.synchronousCommit);
			this.dialect.insert(this.jdbc, this.columns.calls(), callRows);
			this.dialect.insert(this.jdbc, CallColumns.ATTRIBUTES, attributes);
			this.dialect.insert(this.jdbc, CallColumns.TAGS, tags);
			this.hourlyRollups.add(this.jdbc, calls);
			this.dailyRollups.add(this.jdbc, calls);
		});
	}

	@Override
	public Optional<LlmCall> findById(String id) {
		String sql = "SELECT " + this.columns.select(true) + " FROM llm_call c WHERE c.id = :id";
		List<LlmCall> found = this.named.query(sql, Map.of("id", id), (rs, row) -> this.columns.read(rs, true));
		return found.isEmpty() ? Optional.empty() : Optional.of(withChildren(found).get(0));
	}

	@Override
	public LlmCallPage find(LlmCallFilter filter, int limit, @Nullable String before) {
		Assert.isTrue(limit > 0, "'limit' must be positive");
		MapSqlParameterSource params = new MapSqlParameterSource();
		StringBuilder where = CallFilterSql.calls(this.dialect, filter, params);
		if (before != null) {
			// The cursor is the last call of the previous page: continue after its start.
			List<Object> startedAt = this.jdbc.queryForList("SELECT started_at FROM llm_call WHERE id = ?",
					Object.class, before);
			if (startedAt.isEmpty()) {
				return new LlmCallPage(List.of(), null);
			}
			where.append(where.isEmpty() ? " WHERE " : " AND ")
				.append("(c.started_at < :beforeAt OR (c.started_at = :beforeAt AND c.id < :before))");
			params.addValue("beforeAt", startedAt.get(0));
			params.addValue("before", before);
		}
		params.addValue("limit", limit + 1);
		String sql = "SELECT " + this.columns.select(false) + " FROM llm_call c" + where
				+ " ORDER BY c.started_at DESC, c.id DESC" + this.dialect.firstRows("limit");
		List<LlmCall> rows = this.named.query(sql, params, (rs, row) -> this.columns.read(rs, false));
		String next = null;
		if (rows.size() > limit) {
			rows = rows.subList(0, limit);
			next = rows.get(limit - 1).id();
		}
		return new LlmCallPage(withChildren(rows), next);
	}

	@Override
	public List<LlmUsage> usage(LlmCallFilter filter, LlmUsageGrouping grouping, @Nullable Duration bucket) {
		long bucketSeconds = (bucket != null) ? bucket.toSeconds() : 0;
		Assert.isTrue(bucket == null || bucketSeconds > 0, "'bucket' must be at least one second");
		return new UsageQuery(this.named, this.dialect, filter, grouping, bucketSeconds).run();
	}

	/**
	 * Sum usage four ways from one read of each group's buckets.
	 * @param filter which calls
	 * @param grouping what to group by
	 * @param bucket time bucket width, or {@code null} for no series
	 * @return the four views
	 */
	@Override
	public LlmUsageViews usageViews(LlmCallFilter filter, LlmUsageGrouping grouping, @Nullable Duration bucket) {
		long bucketSeconds = (bucket != null) ? bucket.toSeconds() : 0;
		Assert.isTrue(bucket == null || bucketSeconds > 0, "'bucket' must be at least one second");
		return new UsageQuery(this.named, this.dialect, filter, grouping, bucketSeconds).views();
	}

	/**
	 * Delete calls started before the given instant, and the rollup periods before it.
	 * Each statement commits on its own and deletes calls a chunk of ids at a time, so a
	 * purge holds the locks of one statement only and never closes a lock cycle with the
	 * writers saving new calls meanwhile (InnoDB's range locks otherwise deadlock them).
	 * @param instant the cut-off
	 * @return the number of calls deleted
	 */
	@Override
	public int deleteStartedBefore(Instant instant) {
		this.hourlyRollups.deleteBefore(this.jdbc, instant);
		this.dailyRollups.deleteBefore(this.jdbc, instant);
		MapSqlParameterSource params = new MapSqlParameterSource("cutOff", this.dialect.timestamp(instant))
			.addValue("limit", PURGE_CHUNK);
		String oldest = "SELECT id FROM llm_call WHERE started_at < :cutOff" + this.dialect.firstRows("limit");
		int deleted = 0;
		List<String> ids;
		do {
			ids = this.named.queryForList(oldest, params, String.class);
			if (!ids.isEmpty()) {
				Map<String, Object> chunk = Map.of("ids", ids);
				this.named.update("DELETE FROM llm_call_attribute WHERE call_id IN (:ids)", chunk);
				this.named.update("DELETE FROM llm_call_tag WHERE call_id IN (:ids)", chunk);
				deleted += this.named.update("DELETE FROM llm_call WHERE id IN (:ids)", chunk);
			}
		}
		while (ids.size() == PURGE_CHUNK);
		return deleted;
	}

	private List<LlmCall> withChildren(List<LlmCall> calls) {
		if (calls.isEmpty()) {
			return List.of();
		}
		Map<String, Map<String, String>> attributes = new LinkedHashMap<>();
		Map<String, List<String>> tags = new LinkedHashMap<>();
		MapSqlParameterSource ids = new MapSqlParameterSource("ids", calls.stream().map(LlmCall::id).toList());
		RowCallbackHandler attribute = (rs) -> attributes.computeIfAbsent(rs.getString(1), (id) -> new TreeMap<>())
			.put(rs.getString(2), rs.getString(3));
		RowCallbackHandler tag = (rs) -> tags.computeIfAbsent(rs.getString(1), (id) -> new ArrayList<>())
			.add(rs.getString(2));
		this.named.query(SELECT_ATTRIBUTES, ids, attribute);
		this.named.query(SELECT_TAGS, ids, tag);
		List<LlmCall> whole = new ArrayList<>(calls.size());
		for (LlmCall call : calls) {
			whole.add(CallColumns.withChildren(call, attributes.getOrDefault(call.id(), Map.of()),
					tags.getOrDefault(call.id(), List.of())));
		}
		return whole;
	}

}
