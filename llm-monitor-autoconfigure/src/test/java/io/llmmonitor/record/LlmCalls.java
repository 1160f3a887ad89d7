package io.llmmonitor.record;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Realistic call records for store and endpoint tests, and a flat builder that sets any
 * field of one.
 */
public final class LlmCalls {

	private LlmCalls() {
	}

	/**
	 * A successful chat call to gpt-4o with its tokens, cost and content.
	 * @param startedAt when it started
	 * @return a builder for it
	 */
	public static Builder call(Instant startedAt) {
		return builder(LlmCallIds.next(startedAt), startedAt).latencyMs(850)
			.project("default")
			.source("advisor")
			.provider("openai")
			.operation("chat")
			.requestedModel("gpt-4o")
			.model("gpt-4o-2024-08-06")
			.responseId("chatcmpl-Bu8vBIrB8kIWKRyTcpEEPncjhHtMU")
			.promptTokens(14L)
			.completionTokens(7L)
			.totalTokens(21L)
			.cachedTokens(0L)
			.reasoningTokens(0L)
			.costUsd(new BigDecimal("0.000105"))
			.finishReason("stop")
			.status("success")
			.requestOptions(Map.of("temperature", 0.2))
			.messages(List.of(new LlmMessage("system", "You are a concise geography assistant."),
					new LlmMessage("user", "What is the capital of France?")))
			.responseText("The capital of France is Paris.");
	}

	/**
	 * An empty call, with only its id and start.
	 * @param id the id
	 * @param startedAt when it started
	 * @return a builder for it
	 */
	public static Builder builder(String id, Instant startedAt) {
		return new Builder(id, startedAt);
	}

	/**
	 * Sets the fields of a call one by one, as its flat JSON names them.
	 */
	public static final class Builder {

		private final String id;

		private final Instant startedAt;

		private long latencyMs;

		private Long timeToFirstTokenMs;

		private String project = "default";

		private String threadId;

		private String userId;

		private String clientId;

		private List<String> tags = List.of();

		private Map<String, String> attributes = Map.of();

		private String source = "advisor";

		private String provider = "unknown";

		private String baseUrl;

		private String proxyKey;

		private String environment;

		private String operation = "chat";

		private String requestedModel;

		private boolean streamed;

		private Map<String, Object> requestOptions = Map.of();

		private List<LlmMessage> messages = List.of();

		private String model;

		private String responseId;

		private int modelRequests = 1;

		private String finishReason;

		private List<LlmToolCall> toolCalls = List.of();

		private String responseText;

		private Long promptTokens;

		private Long completionTokens;

		private Long totalTokens;

		private Long cachedTokens;

		private Long cacheWriteTokens;

		private Long cacheWrite1hTokens;

		private Long reasoningTokens;

		private boolean tokensEstimated;

		private BigDecimal costUsd;

		private BigDecimal inputCostUsd;

		private BigDecimal outputCostUsd;

		private String status = "success";

		private Integer httpStatus;

		private String errorType;

		private String errorMessage;

		private String exceptionClass;

		private String traceId;

		private String spanId;

		private boolean contentTruncated;

		private Builder(String id, Instant startedAt) {
			this.id = id;
			this.startedAt = startedAt;
		}

		public Builder latencyMs(long latencyMs) {
			this.latencyMs = latencyMs;
			return this;
		}

		public Builder timeToFirstTokenMs(Long timeToFirstTokenMs) {
			this.timeToFirstTokenMs = timeToFirstTokenMs;
			return this;
		}

		public Builder project(String project) {
			this.project = project;
			return this;
		}

		public Builder threadId(String threadId) {
			this.threadId = threadId;
			return this;
		}

		public Builder userId(String userId) {
			this.userId = userId;
			return this;
		}

		public Builder clientId(String clientId) {
			this.clientId = clientId;
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

		public Builder source(String source) {
			this.source = source;
			return this;
		}

		public Builder provider(String provider) {
			this.provider = provider;
			return this;
		}

		public Builder environment(String environment) {
			this.environment = environment;
			return this;
		}

		public Builder proxyKey(String proxyKey) {
			this.proxyKey = proxyKey;
			return this;
		}

		public Builder baseUrl(String baseUrl) {
			this.baseUrl = baseUrl;
			return this;
		}

		public Builder operation(String operation) {
			this.operation = operation;
			return this;
		}

		public Builder requestedModel(String requestedModel) {
			this.requestedModel = requestedModel;
			return this;
		}

		public Builder streamed(boolean streamed) {
			this.streamed = streamed;
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

		public Builder model(String model) {
			this.model = model;
			return this;
		}

		public Builder responseId(String responseId) {
			this.responseId = responseId;
			return this;
		}

		public Builder modelRequests(int modelRequests) {
			this.modelRequests = modelRequests;
			return this;
		}

		public Builder finishReason(String finishReason) {
			this.finishReason = finishReason;
			return this;
		}

		public Builder toolCalls(List<LlmToolCall> toolCalls) {
			this.toolCalls = toolCalls;
			return this;
		}

		public Builder responseText(String responseText) {
			this.responseText = responseText;
			return this;
		}

		public Builder promptTokens(Long promptTokens) {
			this.promptTokens = promptTokens;
			return this;
		}

		public Builder completionTokens(Long completionTokens) {
			this.completionTokens = completionTokens;
			return this;
		}

		public Builder totalTokens(Long totalTokens) {
			this.totalTokens = totalTokens;
			return this;
		}

		public Builder cachedTokens(Long cachedTokens) {
			this.cachedTokens = cachedTokens;
			return this;
		}

		public Builder cacheWriteTokens(Long cacheWriteTokens) {
			this.cacheWriteTokens = cacheWriteTokens;
			return this;
		}

		public Builder cacheWrite1hTokens(Long cacheWrite1hTokens) {
			this.cacheWrite1hTokens = cacheWrite1hTokens;
			return this;
		}

		public Builder reasoningTokens(Long reasoningTokens) {
			this.reasoningTokens = reasoningTokens;
			return this;
		}

		public Builder tokensEstimated(boolean tokensEstimated) {
			this.tokensEstimated = tokensEstimated;
			return this;
		}

		public Builder costSplit(BigDecimal inputCostUsd, BigDecimal outputCostUsd) {
			this.inputCostUsd = inputCostUsd;
			this.outputCostUsd = outputCostUsd;
			return this;
		}

		public Builder costUsd(BigDecimal costUsd) {
			this.costUsd = costUsd;
			return this;
		}

		public Builder status(String status) {
			this.status = status;
			return this;
		}

		public Builder httpStatus(Integer httpStatus) {
			this.httpStatus = httpStatus;
			return this;
		}

		public Builder errorType(String errorType) {
			this.errorType = errorType;
			return this;
		}

		public Builder errorMessage(String errorMessage) {
			this.errorMessage = errorMessage;
			return this;
		}

		public Builder exceptionClass(String exceptionClass) {
			this.exceptionClass = exceptionClass;
			return this;
		}

		public Builder traceId(String traceId) {
			this.traceId = traceId;
			return this;
		}

		public Builder spanId(String spanId) {
			this.spanId = spanId;
			return this;
		}

		public Builder contentTruncated(boolean contentTruncated) {
			this.contentTruncated = contentTruncated;
			return this;
		}

		public LlmCall build() {
			CallStatus callStatus = CallStatus.of(this.status);
			return new LlmCall(this.id, new CallTiming(this.startedAt, this.latencyMs, this.timeToFirstTokenMs),
					new CallOrigin(CallSource.of(this.source), this.provider, this.baseUrl, this.proxyKey,
							this.environment),
					new LlmCallContext(this.project, this.threadId, this.userId, this.clientId, this.tags,
							this.attributes),
					new CallRequest(CallOperation.of(this.operation), this.requestedModel, this.streamed,
							this.requestOptions, this.messages),
					new CallResponse(this.model, this.responseId, this.modelRequests, this.finishReason, this.toolCalls,
							this.responseText),
					new CallTokens(this.promptTokens, this.completionTokens, this.totalTokens, this.cachedTokens,
							this.cacheWriteTokens, this.cacheWrite1hTokens, this.reasoningTokens, this.tokensEstimated),
					this.costUsd, this.inputCostUsd, this.outputCostUsd, new CallOutcome(callStatus, this.httpStatus,
							this.errorType, this.errorMessage, this.exceptionClass),
					new CallTrace(this.traceId, this.spanId), this.contentTruncated);
		}

	}

}
