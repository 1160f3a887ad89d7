package io.llmmonitor.record.jdbc;

import java.time.Instant;

import io.llmmonitor.record.LlmCallFilter;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * The {@code WHERE} clause of an {@link LlmCallFilter}, over {@code llm_call c} or over a
 * rollup table {@code r}, with its parameters.
 */
final class CallFilterSql {

	private final SqlDialect dialect;

	private final StringBuilder where = new StringBuilder();

	private final MapSqlParameterSource params;

	private CallFilterSql(SqlDialect dialect, MapSqlParameterSource params) {
		this.dialect = dialect;
		this.params = params;
	}

	/**
	 * The clause selecting calls.
	 * @param dialect the database's dialect
	 * @param filter the filter
	 * @param params where the parameters go
	 * @return the clause, empty or with a leading {@code WHERE}
	 */
	static StringBuilder calls(SqlDialect dialect, LlmCallFilter filter, MapSqlParameterSource params) {
		CallFilterSql sql = new CallFilterSql(dialect, params);
		sql.equal("c.project", "project", filter.project());
		if (filter.model() != null) {
			sql.and("(c.model = :model OR (c.model IS NULL AND c.requested_model = :model))");
			params.addValue("model", filter.model());
		}
		sql.equal("c.provider", "provider", filter.provider());
		sql.equal("c.operation", "operation", filter.operation());
		sql.equal("c.source", "source", (filter.source() != null) ? filter.source().value() : null);
		sql.equal("c.status", "status", (filter.status() != null) ? filter.status().value() : null);
		sql.equal("c.thread_id", "threadId", filter.threadId());
		sql.equal("c.user_id", "userId", filter.userId());
		if (filter.tag() != null) {
			sql.and("EXISTS (SELECT 1 FROM llm_call_tag t WHERE t.call_id = c.id AND t.tag = :tag)");
			params.addValue("tag", filter.tag());
		}
		if (filter.attributeName() != null) {
			sql.and("EXISTS (SELECT 1 FROM llm_call_attribute a WHERE a.call_id = c.id"
					+ " AND a.name = :attributeName AND a.attribute_value = :attributeValue)");
			params.addValue("attributeName", filter.attributeName());
			params.addValue("attributeValue", filter.attributeValue());
		}
		sql.window("c.started_at", filter.from(), filter.to());
		return sql.where;
	}

	/**
	 * The clause selecting rollup rows: only the filters the rollups keep.
	 * @param dialect the database's dialect
	 * @param filter the filter, with none of the others set
	 * @param params where the parameters go
	 * @return the clause, empty or with a leading {@code WHERE}
	 */
	static StringBuilder rollups(SqlDialect dialect, LlmCallFilter filter, MapSqlParameterSource params) {
		CallFilterSql sql = new CallFilterSql(dialect, params);
		sql.equal("r.project", "project", filter.project());
		sql.equal("r.model", "model", filter.model());
		sql.equal("r.provider", "provider", filter.provider());
		sql.equal("r.operation", "operation", filter.operation());
		sql.equal("r.source", "source", (filter.source() != null) ? filter.source().value() : null);
		sql.window("r.bucket_start", filter.from(), filter.to());
		return sql.where;
	}

	/**
	 * Whether the rollups keep every filter that is set.
	 * @param filter the filter
	 * @return {@code true} when rollups can answer it
	 */
	static boolean rollupsKeep(LlmCallFilter filter) {
		return filter.status() == null && filter.threadId() == null && filter.userId() == null && filter.tag() == null
				&& filter.attributeName() == null;
	}

	private void window(String column, @Nullable Instant from, @Nullable Instant to) {
		if (from != null) {
			and(column + " >= :from");
			this.params.addValue("from", this.dialect.timestamp(from));
		}
		if (to != null) {
			and(column + " < :to");
			this.params.addValue("to", this.dialect.timestamp(to));
		}
	}

	private void equal(String column, String name, @Nullable String value) {
		if (value != null) {
			and(column + " = :" + name);
			this.params.addValue(name, value);
		}
	}

	private void and(String condition) {
		this.where.append(this.where.isEmpty() ? " WHERE " : " AND ").append(condition);
	}

}
