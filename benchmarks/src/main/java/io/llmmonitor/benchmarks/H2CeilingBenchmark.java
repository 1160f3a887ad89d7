package io.llmmonitor.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import io.llmmonitor.record.LlmCall;
import tools.jackson.databind.json.JsonMapper;

/**
 * How fast H2 itself takes the rows of llm-monitor's records, with no llm-monitor code in
 * the way: plain JDBC batches of 500 records per transaction into the same file database
 * and tables, the rows built before the clock starts. Three layouts: llm-monitor's schema
 * as it is (without the hourly rollups), the same tables without any index or primary
 * key, and the {@code llm_call} rows alone without any index. The fastest of them bounds
 * what any writer can reach with these rows on this machine.
 */
public final class H2CeilingBenchmark {

	private static final int RECORDS = Integer.getInteger("bench.ingest.records", 200_000);

	private static final int BATCH = 500;

	private static final String INSERT_CALL = "INSERT INTO llm_call (id, started_at, latency_ms, project, source, "
			+ "provider, operation, requested_model, model, response_id, streamed, model_requests, prompt_tokens, "
			+ "completion_tokens, total_tokens, tokens_estimated, cost_usd, finish_reason, status, http_status, "
			+ "thread_id, user_id, messages, response_text, content_truncated) "
			+ "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

	private static final String DROP_INDEXES = """
			DROP INDEX llm_call_started_at_idx;
			DROP INDEX llm_call_thread_id_idx;
			DROP INDEX llm_call_attribute_name_idx;
			DROP INDEX llm_call_tag_tag_idx;
			ALTER TABLE llm_call DROP CONSTRAINT llm_call_pk;
			ALTER TABLE llm_call_attribute DROP CONSTRAINT llm_call_attribute_pk;
			ALTER TABLE llm_call_tag DROP CONSTRAINT llm_call_tag_pk""";

	private H2CeilingBenchmark() {
	}

	public static void main(String[] args) throws SQLException {
		List<LlmCall> calls = new ArrayList<>(RECORDS);
		Records generator = new Records(42, Instant.now(), Duration.ofHours(1));
		for (int i = 0; i < RECORDS; i++) {
			calls.add(generator.next());
		}
		List<Object[]> rows = callRows(calls);
		Results.line("");
		Results
			.line(String.format("H2's own ceiling: %,d records' rows inserted with plain JDBC (batches of %d records "
					+ "per transaction), no llm-monitor code:", RECORDS, BATCH));
		Results.line("");
		Results.line("| layout | rows per record | records/s |");
		Results.line("|---|---:|---:|");
		try (HikariDataSource dataSource = Databases.H2.open()) {
			Databases.H2.recreateSchema(dataSource);
			Results.line(String.format("| llm-monitor's tables and indexes (no rollups) | 6 | %,.0f |",
					insert(dataSource, calls, rows, true)));
			Databases.H2.recreateSchema(dataSource);
			dropIndexes(dataSource);
			Results.line(String.format("| the same tables, no index or primary key | 6 | %,.0f |",
					insert(dataSource, calls, rows, true)));
			Databases.H2.recreateSchema(dataSource);
			dropIndexes(dataSource);
			Results.line(String.format("| `llm_call` rows alone, no index or primary key | 1 | %,.0f |",
					insert(dataSource, calls, rows, false)));
		}
	}

	private static double insert(HikariDataSource dataSource, List<LlmCall> calls, List<Object[]> rows,
			boolean children) throws SQLException {
		long start = System.nanoTime();
		try (Connection connection = dataSource.getConnection();
				PreparedStatement call = connection.prepareStatement(INSERT_CALL);
				PreparedStatement attribute = connection.prepareStatement(
						"INSERT INTO llm_call_attribute (call_id, name, attribute_value) VALUES (?, ?, ?)");
				PreparedStatement tag = connection
					.prepareStatement("INSERT INTO llm_call_tag (call_id, tag) VALUES (?, ?)")) {
			connection.setAutoCommit(false);
			for (int i = 0; i < calls.size(); i++) {
				Object[] row = rows.get(i);
				for (int c = 0; c < row.length; c++) {
					call.setObject(c + 1, row[c]);
				}
				call.addBatch();
				if (children) {
					LlmCall record = calls.get(i);
					for (var entry : record.context().attributes().entrySet()) {
						attribute.setString(1, record.id());
						attribute.setString(2, entry.getKey());
						attribute.setString(3, entry.getValue());
						attribute.addBatch();
					}
					for (String name : record.context().tags()) {
						tag.setString(1, record.id());
						tag.setString(2, name);
						tag.addBatch();
					}
				}
				if ((i + 1) % BATCH == 0 || i == calls.size() - 1) {
					call.executeBatch();
					attribute.executeBatch();
					tag.executeBatch();
					connection.commit();
				}
			}
		}
		return calls.size() / ((System.nanoTime() - start) / 1e9);
	}

	private static void dropIndexes(HikariDataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			for (String sql : DROP_INDEXES.split(";")) {
				statement.execute(sql.strip());
			}
		}
	}

	private static List<Object[]> callRows(List<LlmCall> calls) {
		JsonMapper json = JsonMapper.builder().build();
		List<Object[]> rows = new ArrayList<>(calls.size());
		for (LlmCall call : calls) {
			rows.add(new Object[] { call.id(), OffsetDateTime.ofInstant(call.timing().startedAt(), ZoneOffset.UTC),
					call.timing().latencyMs(), call.project(), call.origin().source().value(), call.origin().provider(),
					call.request().operation().value(), call.request().requestedModel(), call.response().model(),
					call.response().responseId(), call.request().streamed(), call.response().modelRequests(),
					call.tokens().promptTokens(), call.tokens().completionTokens(), call.tokens().totalTokens(),
					call.tokens().tokensEstimated(), call.costUsd(), call.response().finishReason(),
					call.outcome().status().value(), call.outcome().httpStatus(), call.context().threadId(),
					call.context().userId(), json.writeValueAsString(call.request().messages()),
					call.response().responseText(), call.contentTruncated() });
		}
		return rows;
	}

}
