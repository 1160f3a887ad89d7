package io.llmmonitor.record;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What came back from the model.
 *
 * @param model the model the provider says it served
 * @param responseId the id the provider gave the response
 * @param modelRequests the number of model round trips (tool calling makes several)
 * @param finishReason why the model stopped, lower case ({@code stop},
 * {@code tool_calls}, {@code length}, ...)
 * @param toolCalls the tool calls the model requested (their arguments are content)
 * @param responseText the text of the response (content)
 * @since 0.1.0
 */
public record CallResponse(@Nullable String model, @Nullable String responseId, int modelRequests,
		@Nullable String finishReason, List<LlmToolCall> toolCalls, @Nullable String responseText) {

	/** No response: the call failed before one arrived. */
	public static final CallResponse NONE = new CallResponse(null, null, 1, null, List.of(), null);

	public CallResponse {
		toolCalls = List.copyOf(toolCalls);
	}

	/**
	 * Return a copy with other content.
	 * @param toolCalls the tool calls
	 * @param responseText the response text
	 * @return the copy, or this response when both are the same
	 */
	@SuppressWarnings("ReferenceEquality") // the same instance: nothing changed
	public CallResponse withContent(List<LlmToolCall> toolCalls, @Nullable String responseText) {
		return (toolCalls == this.toolCalls && responseText == this.responseText) ? this : new CallResponse(this.model,
				this.responseId, this.modelRequests, this.finishReason, toolCalls, responseText);
	}

}
