package io.llmmonitor.record;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One LLM call as llm-monitor records it: immutable, built once when the call ends. It is
 * composed of small value records; its JSON, as the endpoints return it, is flat.
 *
 * @param id time-ordered UUID (version 7)
 * @param timing when the call started and how long it took
 * @param origin the capture point that saw it and the provider that served it
 * @param context project, thread, user, client, tags and attributes; the project is
 * always set
 * @param request what was asked
 * @param response what came back
 * @param tokens token counts
 * @param costUsd cost in USD, or {@code null} when it is not known
 * @param inputCostUsd what the input tokens cost, or {@code null} when not known
 * @param outputCostUsd what the output tokens cost, or {@code null} when not known
 * @param outcome success or error
 * @param trace the span the call was made in
 * @param contentTruncated whether content was cut to the configured maximum
 * @since 0.1.0
 */
public record LlmCall(String id, @JsonUnwrapped CallTiming timing, @JsonUnwrapped CallOrigin origin,
		@JsonUnwrapped LlmCallContext context, @JsonUnwrapped CallRequest request, @JsonUnwrapped CallResponse response,
		@JsonUnwrapped CallTokens tokens, @Nullable BigDecimal costUsd, @Nullable BigDecimal inputCostUsd,
		@Nullable BigDecimal outputCostUsd, @JsonUnwrapped CallOutcome outcome, @JsonUnwrapped CallTrace trace,
		boolean contentTruncated) {

	public LlmCall {
		Assert.hasText(id, "'id' must not be empty");
		Assert.notNull(timing, "'timing' must not be null");
		Assert.notNull(origin, "'origin' must not be null");
		Assert.notNull(context, "'context' must not be null");
		Assert.hasText(context.project(), "'context' must name a project");
		Assert.notNull(request, "'request' must not be null");
		Assert.notNull(response, "'response' must not be null");
		Assert.notNull(tokens, "'tokens' must not be null");
		Assert.notNull(outcome, "'outcome' must not be null");
		Assert.notNull(trace, "'trace' must not be null");
	}

	/**
	 * A record without the split of its cost.
	 * @param id time-ordered UUID (version 7)
	 * @param timing when the call started and how long it took
	 * @param origin the capture point that saw it and the provider that served it
	 * @param context its metadata, naming a project
	 * @param request what was asked
	 * @param response what came back
	 * @param tokens token counts
	 * @param costUsd cost in USD, or {@code null} when it is not known
	 * @param outcome success or error
	 * @param trace the span the call was made in
	 * @param contentTruncated whether content was cut to the configured maximum
	 */
	public LlmCall(String id, CallTiming timing, CallOrigin origin, LlmCallContext context, CallRequest request,
			CallResponse response, CallTokens tokens, @Nullable BigDecimal costUsd, CallOutcome outcome,
			CallTrace trace, boolean contentTruncated) {
		this(id, timing, origin, context, request, response, tokens, costUsd, null, null, outcome, trace,
				contentTruncated);
	}

	/**
	 * The project the call belongs to.
	 * @return the project
	 */
	public String project() {
		String project = this.context.project();
		Assert.state(project != null, "A call always has a project");
		return project;
	}

	/**
	 * Whether the call failed.
	 * @return {@code true} for an error record
	 * @see CallOutcome#failed()
	 */
	public boolean failed() {
		return this.outcome.failed();
	}

	/**
	 * Whether the call's cost is unknown although it may have been billed: it succeeded
	 * or counted tokens, and has no cost. The one definition of unpriced, used by the
	 * meters, the store and the endpoints.
	 * @return {@code true} for an unpriced call
	 */
	public boolean unpriced() {
		return this.costUsd == null && (!this.outcome.failed() || this.tokens.counted());
	}

	/**
	 * The model used for pricing and meter tags: the served model, else the requested
	 * one.
	 * @return the effective model, or {@code null} when neither is known
	 */
	public @Nullable String effectiveModel() {
		String served = this.response.model();
		return (served != null) ? served : this.request.requestedModel();
	}

	/**
	 * Return a copy without content: no messages, no response text, no tool arguments
	 * (whether content was cut stays as it was). The one way content is hidden.
	 * @return the copy, or this call when it has no content
	 */
	public LlmCall withoutContent() {
		List<LlmToolCall> toolCalls = this.response.toolCalls();
		boolean hasArguments = toolCalls.stream().anyMatch((toolCall) -> toolCall.arguments() != null);
		return withContent(this.request.withMessages(List.of()),
				this.response.withContent(hasArguments ? LlmToolCall.withoutArguments(toolCalls) : toolCalls, null),
				this.outcome, this.contentTruncated);
	}

	/**
	 * Return a copy with other metadata.
	 * @param context the metadata, naming a project
	 * @return the copy
	 */
	public LlmCall withContext(LlmCallContext context) {
		return new LlmCall(this.id, this.timing, this.origin, context, this.request, this.response, this.tokens,
				this.costUsd, this.inputCostUsd, this.outputCostUsd, this.outcome, this.trace, this.contentTruncated);
	}

	/**
	 * Return a copy with other content (and error message).
	 * @param request the request with its messages
	 * @param response the response with its text and tool calls
	 * @param outcome the outcome with its error message
	 * @param contentTruncated whether content was cut
	 * @return the copy, or this call when nothing changed
	 */
	@SuppressWarnings("ReferenceEquality") // the same instance: nothing changed
	public LlmCall withContent(CallRequest request, CallResponse response, CallOutcome outcome,
			boolean contentTruncated) {
		if (request == this.request && response == this.response && outcome == this.outcome
				&& contentTruncated == this.contentTruncated) {
			return this;
		}
		return new LlmCall(this.id, this.timing, this.origin, this.context, request, response, this.tokens,
				this.costUsd, this.inputCostUsd, this.outputCostUsd, outcome, this.trace, contentTruncated);
	}

}
