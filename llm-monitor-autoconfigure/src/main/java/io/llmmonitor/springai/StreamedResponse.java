package io.llmmonitor.springai;

import java.util.List;

import io.llmmonitor.record.CallResponse;
import io.llmmonitor.record.CallTokens;
import io.llmmonitor.record.LlmToolCall;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.model.ChatResponse;

/**
 * What the chunks of a ChatClient stream add up to: the text (as much of it as may be
 * kept), the latest model, id and finish reason, and the usage of the chunk that reported
 * it. Thread-safe.
 */
final class StreamedResponse {

	private final int textBudget;

	private @Nullable StringBuilder text;

	private boolean started;

	private @Nullable ChatResponse usage;

	private @Nullable String model;

	private @Nullable String responseId;

	private @Nullable String finishReason;

	StreamedResponse(int textBudget) {
		this.textBudget = textBudget;
	}

	/**
	 * Add a chunk.
	 * @param chunk the chunk
	 * @return whether it is the first with content (text or a tool call)
	 */
	synchronized boolean add(ChatResponse chunk) {
		String chunkText = ChatModelResponses.responseText(chunk);
		boolean first = !this.started && (chunkText != null || chunk.hasToolCalls());
		this.started |= first;
		if (chunkText != null && this.textBudget > 0) {
			if (this.text == null) {
				this.text = new StringBuilder();
			}
			int room = this.textBudget - this.text.length();
			this.text.append(chunkText, 0, Math.max(0, Math.min(room, chunkText.length())));
		}
		if (ChatModelResponses.hasUsage(chunk)) {
			this.usage = chunk;
		}
		this.model = orElse(ChatModelResponses.model(chunk), this.model);
		this.responseId = orElse(ChatModelResponses.id(chunk), this.responseId);
		this.finishReason = orElse(ChatModelResponses.finishReason(chunk), this.finishReason);
		return first;
	}

	synchronized boolean started() {
		return this.started;
	}

	/**
	 * The response the stream gave.
	 * @param endedBy why it ended when the model did not say ({@code cancelled}), or
	 * {@code null}
	 * @param modelRequests the number of model requests
	 * @param toolCalls the tool calls the model asked for
	 * @return the response
	 */
	synchronized CallResponse response(@Nullable String endedBy, int modelRequests, List<LlmToolCall> toolCalls) {
		String reason = (this.finishReason != null) ? this.finishReason : endedBy;
		return new CallResponse(this.model, this.responseId, modelRequests, reason, toolCalls,
				(this.text != null) ? this.text.toString() : null);
	}

	synchronized CallTokens tokens() {
		return ChatModelResponses.tokens(this.usage);
	}

	private static @Nullable String orElse(@Nullable String value, @Nullable String fallback) {
		return (value != null) ? value : fallback;
	}

}
