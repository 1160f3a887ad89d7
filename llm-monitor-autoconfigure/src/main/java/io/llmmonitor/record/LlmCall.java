package io.llmmonitor.record;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One LLM call as llm-monitor records it: immutable, written once when the call ends.
 * Token counts follow OpenAI's counting: {@code cachedTokens} and
 * {@code cacheWriteTokens} are part of {@code promptTokens}, {@code reasoningTokens} part
 * of {@code completionTokens}.
 *
 * @param id time-ordered UUID (version 7)
 * @param startedAt when the call started
 * @param latencyMs time from the request to the end of the response
 * @param timeToFirstTokenMs time from the request to the first content chunk of a stream
 * @param project project the call belongs to
 * @param source which capture point saw the call: {@code advisor}, {@code http} or
 * {@code proxy}
 * @param provider provider that served the call ({@code openai}, {@code ollama}, ...)
 * @param operation {@code chat}, {@code completion}, {@code embedding} or
 * {@code responses}
 * @param requestedModel model named in the request
 * @param model model the provider says it served
 * @param responseId id the provider gave the response
 * @param streamed whether the response was streamed
 * @param modelRequests number of model round trips (tool calling makes several)
 * @param promptTokens input tokens, cached ones included
 * @param completionTokens output tokens, reasoning ones included
 * @param totalTokens total tokens as the provider reports them
 * @param cachedTokens input tokens read from the provider's prompt cache
 * @param cacheWriteTokens input tokens written to the provider's prompt cache
 * @param reasoningTokens output tokens spent on reasoning
 * @param tokensEstimated whether token counts were estimated rather than reported
 * @param costUsd cost in USD, or {@code null} when the model has no known price
 * @param finishReason why the model stopped, lower case ({@code stop},
 * {@code tool_calls}, {@code length}, ...)
 * @param toolCalls tool calls the model requested
 * @param status {@code success} or {@code error}
 * @param httpStatus HTTP status of the provider's response, where known
 * @param errorType type of the error
 * @param errorMessage message of the error
 * @param threadId conversation (thread) id
 * @param userId end user id
 * @param clientId calling client id
 * @param traceId trace id when Micrometer Tracing is present
 * @param spanId span id when Micrometer Tracing is present
 * @param tags free-form tags
 * @param attributes free-form name-value attributes
 * @param requestOptions request options such as temperature and max tokens
 * @param messages prompt messages (content)
 * @param responseText text of the response (content)
 * @param contentTruncated whether content was cut to the configured maximum
 * @since 0.1.0
 */
public record LlmCall(String id, Instant startedAt, long latencyMs, @Nullable Long timeToFirstTokenMs, String project,
		String source, String provider, String operation, @Nullable String requestedModel, @Nullable String model,
		@Nullable String responseId, boolean streamed, int modelRequests, @Nullable Long promptTokens,
		@Nullable Long completionTokens, @Nullable Long totalTokens, @Nullable Long cachedTokens,
		@Nullable Long cacheWriteTokens, @Nullable Long reasoningTokens, boolean tokensEstimated,
		@Nullable BigDecimal costUsd, @Nullable String finishReason, List<LlmToolCall> toolCalls, String status,
		@Nullable Integer httpStatus, @Nullable String errorType, @Nullable String errorMessage,
		@Nullable String threadId, @Nullable String userId, @Nullable String clientId, @Nullable String traceId,
		@Nullable String spanId, List<String> tags, Map<String, String> attributes, Map<String, Object> requestOptions,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<LlmMessage> messages, @Nullable String responseText,
		boolean contentTruncated) {

	/** Status of a call that got a response. */
	public static final String STATUS_SUCCESS = "success";

	/** Status of a call that failed. */
	public static final String STATUS_ERROR = "error";

	/** Source of calls seen by the ChatClient advisor. */
	public static final String SOURCE_ADVISOR = "advisor";

	/** Source of calls seen by an HTTP client interceptor. */
	public static final String SOURCE_HTTP = "http";

	/** Source of calls made through the monitoring proxy. */
	public static final String SOURCE_PROXY = "proxy";

	/** Chat operation. */
	public static final String OPERATION_CHAT = "chat";

	/** Legacy text completion operation. */
	public static final String OPERATION_COMPLETION = "completion";

	/** Embedding operation. */
	public static final String OPERATION_EMBEDDING = "embedding";

	/** Responses API operation. */
	public static final String OPERATION_RESPONSES = "responses";

	public LlmCall {
		Assert.hasText(id, "'id' must not be empty");
		Assert.notNull(startedAt, "'startedAt' must not be null");
		toolCalls = List.copyOf(toolCalls);
		tags = List.copyOf(tags);
		attributes = Map.copyOf(attributes);
		requestOptions = Map.copyOf(requestOptions);
		messages = List.copyOf(messages);
	}

	/**
	 * Whether the call failed.
	 * @return {@code true} for an error record
	 */
	public boolean failed() {
		return STATUS_ERROR.equals(this.status);
	}

	/**
	 * The model used for pricing and meter tags: the served model, else the requested
	 * one.
	 * @return the effective model, or {@code null} when neither is known
	 */
	public @Nullable String effectiveModel() {
		return (this.model != null) ? this.model : this.requestedModel;
	}

	/**
	 * Return a builder initialised with this record's values.
	 * @return a builder
	 */
	public Builder mutate() {
		return new Builder(this);
	}

	/**
	 * Return a builder for a call with the given id, started at the given instant.
	 * @param id the call id
	 * @param startedAt when the call started
	 * @return a builder
	 */
	public static Builder builder(String id, Instant startedAt) {
		return new Builder(id, startedAt);
	}

	/**
	 * Builder for {@link LlmCall}.
	 */
	public static final class Builder {

		private String id;

		private Instant startedAt;

		private long latencyMs;

		private @Nullable Long timeToFirstTokenMs;

		private String project = "default";

		private String source = SOURCE_ADVISOR;

		private String provider = "unknown";

		private String operation = OPERATION_CHAT;

		private @Nullable String requestedModel;

		private @Nullable String model;

		private @Nullable String responseId;

		private boolean streamed;

		private int modelRequests = 1;

		private @Nullable Long promptTokens;

		private @Nullable Long completionTokens;

		private @Nullable Long totalTokens;

		private @Nullable Long cachedTokens;

		private @Nullable Long cacheWriteTokens;

		private @Nullable Long reasoningTokens;

		private boolean tokensEstimated;

		private @Nullable BigDecimal costUsd;

		private @Nullable String finishReason;

		private List<LlmToolCall> toolCalls = List.of();

		private String status = STATUS_SUCCESS;

		private @Nullable Integer httpStatus;

		private @Nullable String errorType;

		private @Nullable String errorMessage;

		private @Nullable String threadId;

		private @Nullable String userId;

		private @Nullable String clientId;

		private @Nullable String traceId;

		private @Nullable String spanId;

		private List<String> tags = List.of();

		private Map<String, String> attributes = Map.of();

		private Map<String, Object> requestOptions = Map.of();

		private List<LlmMessage> messages = List.of();

		private @Nullable String responseText;

		private boolean contentTruncated;

		private Builder(String id, Instant startedAt) {
			this.id = id;
			this.startedAt = startedAt;
		}

		private Builder(LlmCall call) {
			this.id = call.id;
			this.startedAt = call.startedAt;
			this.latencyMs = call.latencyMs;
			this.timeToFirstTokenMs = call.timeToFirstTokenMs;
			this.project = call.project;
			this.source = call.source;
			this.provider = call.provider;
			this.operation = call.operation;
			this.requestedModel = call.requestedModel;
			this.model = call.model;
			this.responseId = call.responseId;
			this.streamed = call.streamed;
			this.modelRequests = call.modelRequests;
			this.promptTokens = call.promptTokens;
			this.completionTokens = call.completionTokens;
			this.totalTokens = call.totalTokens;
			this.cachedTokens = call.cachedTokens;
			this.cacheWriteTokens = call.cacheWriteTokens;
			this.reasoningTokens = call.reasoningTokens;
			this.tokensEstimated = call.tokensEstimated;
			this.costUsd = call.costUsd;
			this.finishReason = call.finishReason;
			this.toolCalls = call.toolCalls;
			this.status = call.status;
			this.httpStatus = call.httpStatus;
			this.errorType = call.errorType;
			this.errorMessage = call.errorMessage;
			this.threadId = call.threadId;
			this.userId = call.userId;
			this.clientId = call.clientId;
			this.traceId = call.traceId;
			this.spanId = call.spanId;
			this.tags = call.tags;
			this.attributes = call.attributes;
			this.requestOptions = call.requestOptions;
			this.messages = call.messages;
			this.responseText = call.responseText;
			this.contentTruncated = call.contentTruncated;
		}

		public Builder latencyMs(long latencyMs) {
			this.latencyMs = latencyMs;
			return this;
		}

		public Builder timeToFirstTokenMs(@Nullable Long timeToFirstTokenMs) {
			this.timeToFirstTokenMs = timeToFirstTokenMs;
			return this;
		}

		public Builder project(String project) {
			this.project = project;
			return this;
		}

		public Builder source(String source) {
			this.source = source;
			return this;
		}

		public Builder provider(String provider) {
			this.provider = provider;
			return this;
		}

		public Builder operation(String operation) {
			this.operation = operation;
			return this;
		}

		public Builder requestedModel(@Nullable String requestedModel) {
			this.requestedModel = requestedModel;
			return this;
		}

		public Builder model(@Nullable String model) {
			this.model = model;
			return this;
		}

		public Builder responseId(@Nullable String responseId) {
			this.responseId = responseId;
			return this;
		}

		public Builder streamed(boolean streamed) {
			this.streamed = streamed;
			return this;
		}

		public Builder modelRequests(int modelRequests) {
			this.modelRequests = modelRequests;
			return this;
		}

		public Builder promptTokens(@Nullable Long promptTokens) {
			this.promptTokens = promptTokens;
			return this;
		}

		public Builder completionTokens(@Nullable Long completionTokens) {
			this.completionTokens = completionTokens;
			return this;
		}

		public Builder totalTokens(@Nullable Long totalTokens) {
			this.totalTokens = totalTokens;
			return this;
		}

		public Builder cachedTokens(@Nullable Long cachedTokens) {
			this.cachedTokens = cachedTokens;
			return this;
		}

		public Builder cacheWriteTokens(@Nullable Long cacheWriteTokens) {
			this.cacheWriteTokens = cacheWriteTokens;
			return this;
		}

		public Builder reasoningTokens(@Nullable Long reasoningTokens) {
			this.reasoningTokens = reasoningTokens;
			return this;
		}

		public Builder tokensEstimated(boolean tokensEstimated) {
			this.tokensEstimated = tokensEstimated;
			return this;
		}

		public Builder costUsd(@Nullable BigDecimal costUsd) {
			this.costUsd = costUsd;
			return this;
		}

		public Builder finishReason(@Nullable String finishReason) {
			this.finishReason = finishReason;
			return this;
		}

		public Builder toolCalls(List<LlmToolCall> toolCalls) {
			this.toolCalls = toolCalls;
			return this;
		}

		public Builder status(String status) {
			this.status = status;
			return this;
		}

		public Builder httpStatus(@Nullable Integer httpStatus) {
			this.httpStatus = httpStatus;
			return this;
		}

		public Builder errorType(@Nullable String errorType) {
			this.errorType = errorType;
			return this;
		}

		public Builder errorMessage(@Nullable String errorMessage) {
			this.errorMessage = errorMessage;
			return this;
		}

		public Builder threadId(@Nullable String threadId) {
			this.threadId = threadId;
			return this;
		}

		public Builder userId(@Nullable String userId) {
			this.userId = userId;
			return this;
		}

		public Builder clientId(@Nullable String clientId) {
			this.clientId = clientId;
			return this;
		}

		public Builder traceId(@Nullable String traceId) {
			this.traceId = traceId;
			return this;
		}

		public Builder spanId(@Nullable String spanId) {
			this.spanId = spanId;
			return this;
		}

		public Builder tags(List<String> tags) {
			this.tags = tags;
			return this;
		}

		public Builder attributes(Map<String, String> attributes) {
			this.attributes = attributes;
			return this;
		}

		public Builder requestOptions(Map<String, Object> requestOptions) {
			this.requestOptions = requestOptions;
			return this;
		}

		public Builder messages(List<LlmMessage> messages) {
			this.messages = messages;
			return this;
		}

		public Builder responseText(@Nullable String responseText) {
			this.responseText = responseText;
			return this;
		}

		public Builder contentTruncated(boolean contentTruncated) {
			this.contentTruncated = contentTruncated;
			return this;
		}

		public LlmCall build() {
			return new LlmCall(this.id, this.startedAt, this.latencyMs, this.timeToFirstTokenMs, this.project,
					this.source, this.provider, this.operation, this.requestedModel, this.model, this.responseId,
					this.streamed, this.modelRequests, this.promptTokens, this.completionTokens, this.totalTokens,
					this.cachedTokens, this.cacheWriteTokens, this.reasoningTokens, this.tokensEstimated, this.costUsd,
					this.finishReason, this.toolCalls, this.status, this.httpStatus, this.errorType, this.errorMessage,
					this.threadId, this.userId, this.clientId, this.traceId, this.spanId, this.tags, this.attributes,
					this.requestOptions, this.messages, this.responseText, this.contentTruncated);
		}

	}

}
