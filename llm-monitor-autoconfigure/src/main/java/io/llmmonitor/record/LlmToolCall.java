package io.llmmonitor.record;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A tool (function) call requested by the model.
 *
 * @param id the id the provider gave the call
 * @param name the name of the tool
 * @param arguments the arguments as the model wrote them (content: shown like messages)
 * @since 0.1.0
 */
public record LlmToolCall(@Nullable String id, String name, @Nullable String arguments) {

	/**
	 * Return a copy with other arguments.
	 * @param arguments the new arguments
	 * @return the copy
	 */
	public LlmToolCall withArguments(@Nullable String arguments) {
		return new LlmToolCall(this.id, this.name, arguments);
	}

	/**
	 * Return the given tool calls without their arguments.
	 * @param toolCalls the tool calls
	 * @return copies without arguments
	 */
	public static List<LlmToolCall> withoutArguments(List<LlmToolCall> toolCalls) {
		return toolCalls.stream().map((toolCall) -> toolCall.withArguments(null)).toList();
	}

}
