package io.llmmonitor.record.jdbc;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.llmmonitor.record.CallOperation;
import io.llmmonitor.record.CallOrigin;
import io.llmmonitor.record.CallOutcome;
import io.llmmonitor.record.CallRequest;
import io.llmmonitor.record.CallResponse;
import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.CallStatus;
import io.llmmonitor.record.CallTiming;
import io.llmmonitor.record.CallTokens;
import io.llmmonitor.record.CallTrace;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallContext;
import io.llmmonitor.record.LlmMessage;
import io.llmmonitor.record.LlmToolCall;
import io.llmmonitor.record.UsdAmounts;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The columns of {@code llm_call}, written once: how each is filled from a record, and
 * how a record is read back from a row. Also the child tables of attributes and tags.
 */
final class CallColumns {

	private static final TypeReference<List<LlmToolCall>> TOOL_CALLS = new TypeReference<>() {
	};

	private static final TypeReference<List<LlmMessage>> MESSAGES = new TypeReference<>() {
	};

	private static final TypeReference<LinkedHashMap<String, Object>> OPTIONS = new TypeReference<>() {
	};

	static final Table ATTRIBUTES = new Table("llm_call_attribute", List.of("call_id", "name", "attribute_value"),
			new int[] { Types.VARCHAR, Types.VARCHAR, Types.VARCHAR });

	static final Table TAGS = new Table("llm_call_tag", List.of("call_id", "tag"),
			new int[] { Types.VARCHAR, Types.VARCHAR });

	private final SqlDialect dialect;

	private final JsonMapper json;

	private final List<Column> columns;

	private final Table calls;

	CallColumns(SqlDialect dialect, JsonMapper json) {
		this.dialect = dialect;
		this.json = json;
		this.columns = List.of(text("id", LlmCall::id),
				new Column("started_at", Types.TIMESTAMP_WITH_TIMEZONE, false,
						(call) -> dialect.timestamp(call.timing().startedAt())),
				bigint("latency_ms", (call) -> call.timing().latencyMs()),
				bigint("time_to_first_token_ms", (call) -> call.timing().timeToFirstTokenMs()),
				text("project", LlmCall::project), text("source", (call) -> call.origin().source().value()),
				text("provider", (call) -> call.origin().provider()),
				text("base_url", (call) -> call.origin().baseUrl()),
				text("proxy_key", (call) -> call.origin().proxyKey()),
				text("environment", (call) -> call.origin().environment()),
				text("operation", (call) -> call.request().operation().value()),
				text("requested_model", (call) -> call.request().requestedModel()),
				text("model", (call) -> call.response().model()),
				text("response_id", (call) -> call.response().responseId()),
				bool("streamed", (call) -> call.request().streamed()),
				integer("model_requests", (call) -> call.response().modelRequests()),
				bigint("prompt_tokens", (call) -> call.tokens().promptTokens()),
				bigint("completion_tokens", (call) -> call.tokens().completionTokens()),
				bigint("total_tokens", (call) -> call.tokens().totalTokens()),
				bigint("cached_tokens", (call) -> call.tokens().cachedTokens()),
				bigint("cache_write_tokens", (call) -> call.tokens().cacheWriteTokens()),
				bigint("cache_write_1h_tokens", (call) -> call.tokens().cacheWrite1hTokens()),
				bigint("reasoning_tokens", (call) -> call.tokens().reasoningTokens()),
				bool("tokens_estimated", (call) -> call.tokens().tokensEstimated()),
				new Column("cost_usd", Types.DECIMAL, false, LlmCall::costUsd),
				new Column("input_cost_usd", Types.DECIMAL, false, LlmCall::inputCostUsd),
				new Column("output_cost_usd", Types.DECIMAL, false, LlmCall::outputCostUsd),
				text("finish_reason", (call) -> call.response().finishReason()),
				text("tool_calls", (call) -> json(call.response().toolCalls())),
				text("status", (call) -> call.outcome().status().value()),
				integer("http_status", (call) -> call.outcome().httpStatus()),
				text("error_type", (call) -> call.outcome().errorType()),
				text("error_message", (call) -> call.outcome().errorMessage()),
				text("exception_class", (call) -> call.outcome().exceptionClass()),
				text("thread_id", (call) -> call.context().threadId()),
				text("user_id", (call) -> call.context().userId()),
				text("client_id", (call) -> call.context().clientId()),
				text("trace_id", (call) -> call.trace().traceId()), text("span_id", (call) -> call.trace().spanId()),
				text("request_options", (call) -> json(call.request().requestOptions())),
				new Column("messages", Types.VARCHAR, true, (call) -> json(call.request().messages())),
				new Column("response_text", Types.VARCHAR, true, (call) -> call.response().responseText()),
				bool("content_truncated", LlmCall::contentTruncated));
		this.calls = new Table("llm_call", this.columns.stream().map(Column::name).toList(),
				this.columns.stream().mapToInt(Column::type).toArray());
	}

	/**
	 * Read a record from a row of {@link #select(boolean)}, without its tags and
	 * attributes.
	 * @param rs the result set, on the row
	 * @param withContent whether the row holds the content columns
	 * @return the record
	 * @throws SQLException when a column cannot be read
	 */
	LlmCall read(ResultSet rs, boolean withContent) throws SQLException {
		CallTiming timing = new CallTiming(this.dialect.instant(rs, "started_at"), rs.getLong("latency_ms"),
				getLong(rs, "time_to_first_token_ms"));
		CallOrigin origin = new CallOrigin(CallSource.of(rs.getString("source")), rs.getString("provider"),
				rs.getString("base_url"), rs.getString("proxy_key"), rs.getString("environment"));
		LlmCallContext context = new LlmCallContext(rs.getString("project"), rs.getString("thread_id"),
				rs.getString("user_id"), rs.getString("client_id"), List.of(), Map.of());
		CallRequest request = new CallRequest(CallOperation.of(rs.getString("operation")),
				rs.getString("requested_model"), rs.getBoolean("streamed"),
				readJson(rs.getString("request_options"), OPTIONS, Map.of()),
				withContent ? readJson(rs.getString("messages"), MESSAGES, List.of()) : List.of());
		CallResponse response = new CallResponse(rs.getString("model"), rs.getString("response_id"),
				rs.getInt("model_requests"), rs.getString("finish_reason"),
				readJson(rs.getString("tool_calls"), TOOL_CALLS, List.of()),
				withContent ? rs.getString("response_text") : null);
		CallTokens tokens = new CallTokens(getLong(rs, "prompt_tokens"), getLong(rs, "completion_tokens"),
				getLong(rs, "total_tokens"), getLong(rs, "cached_tokens"), getLong(rs, "cache_write_tokens"),
				getLong(rs, "cache_write_1h_tokens"), getLong(rs, "reasoning_tokens"),
				rs.getBoolean("tokens_estimated"));
		CallOutcome outcome = new CallOutcome(CallStatus.of(rs.getString("status")), getInteger(rs, "http_status"),
				rs.getString("error_type"), rs.getString("error_message"), rs.getString("exception_class"));
		return new LlmCall(rs.getString("id"), timing, origin, context, request, response, tokens, usd(rs, "cost_usd"),
				usd(rs, "input_cost_usd"), usd(rs, "output_cost_usd"), outcome,
				new CallTrace(rs.getString("trace_id"), rs.getString("span_id")), rs.getBoolean("content_truncated"));
	}

	/**
	 * The table the calls go into.
	 * @return the table
	 */
	Table calls() {
		return this.calls;
	}

	/**
	 * The values of a call's row, in the order of {@link #calls()}'s columns.
	 * @param call the call
	 * @return the values
	 */
	Object[] row(LlmCall call) {
		Object[] row = new Object[this.columns.size()];
		for (int i = 0; i < row.length; i++) {
			Column column = this.columns.get(i);
			Object value = column.value().apply(call);
			row[i] = (value instanceof String text) ? ColumnFit.callColumn(column.name(), text) : value;
		}
		return row;
	}

	/**
	 * The columns a query reads, qualified with the alias {@code c}.
	 * @param withContent whether to read the content columns
	 * @return the column list
	 */
	String select(boolean withContent) {
		return this.columns.stream()
			.filter((column) -> withContent || !column.content())
			.map((column) -> "c." + column.name())
			.collect(Collectors.joining(", "));
	}

	/**
	 * The rows of a call's attributes.
	 * @param call the call
	 * @param rows where the rows go
	 */
	static void attributeRows(LlmCall call, List<Object[]> rows) {
		// Names cut to the column's length may meet: the first one is kept.
		Map<String, String> fitted = new LinkedHashMap<>();
		call.context()
			.attributes()
			.forEach((name, value) -> fitted.putIfAbsent(ColumnFit.fit(name, ColumnFit.NAME),
					ColumnFit.fit(value, ColumnFit.ATTRIBUTE_VALUE)));
		fitted.forEach((name, value) -> rows.add(new Object[] { call.id(), name, value }));
	}

	/**
	 * The rows of a call's tags.
	 * @param call the call
	 * @param rows where the rows go
	 */
	static void tagRows(LlmCall call, List<Object[]> rows) {
		Set<String> fitted = new LinkedHashSet<>();
		for (String tag : call.context().tags()) {
			fitted.add(ColumnFit.fit(tag, ColumnFit.NAME));
		}
		for (String tag : fitted) {
			rows.add(new Object[] { call.id(), tag });
		}
	}

	private @Nullable String json(List<?> values) {
		return values.isEmpty() ? null : this.json.writeValueAsString(values);
	}

	private @Nullable String json(Map<?, ?> values) {
		return values.isEmpty() ? null : this.json.writeValueAsString(values);
	}

	private <T> T readJson(@Nullable String text, TypeReference<? extends T> type, T empty) {
		return (text != null) ? this.json.readValue(text, type) : empty;
	}

	private static @Nullable BigDecimal usd(ResultSet rs, String column) throws SQLException {
		BigDecimal amount = rs.getBigDecimal(column);
		return (amount != null) ? UsdAmounts.normalize(amount) : null;
	}

	private static @Nullable Long getLong(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

	private static @Nullable Integer getInteger(ResultSet rs, String column) throws SQLException {
		int value = rs.getInt(column);
		return rs.wasNull() ? null : value;
	}

	private static Column text(String name, Function<LlmCall, @Nullable Object> value) {
		return new Column(name, Types.VARCHAR, false, value);
	}

	private static Column bigint(String name, Function<LlmCall, @Nullable Object> value) {
		return new Column(name, Types.BIGINT, false, value);
	}

	private static Column integer(String name, Function<LlmCall, @Nullable Object> value) {
		return new Column(name, Types.INTEGER, false, value);
	}

	private static Column bool(String name, Function<LlmCall, @Nullable Object> value) {
		return new Column(name, Types.BOOLEAN, false, value);
	}

	/**
	 * Attach the child rows read for a page of calls.
	 * @param call a call read without them
	 * @param attributes its attributes
	 * @param tags its tags
	 * @return the call with them
	 */
	static LlmCall withChildren(LlmCall call, Map<String, String> attributes, List<String> tags) {
		if (attributes.isEmpty() && tags.isEmpty()) {
			return call;
		}
		LlmCallContext context = call.context();
		return call.withContext(new LlmCallContext(context.project(), context.threadId(), context.userId(),
				context.clientId(), new ArrayList<>(tags), attributes));
	}

	/**
	 * One column of {@code llm_call}.
	 *
	 * @param name the column name
	 * @param type its {@link Types SQL type}
	 * @param content whether it holds content, which lists of calls leave out
	 * @param value its value in a call's row
	 */
	private record Column(String name, int type, boolean content, Function<LlmCall, @Nullable Object> value) {

	}

}
