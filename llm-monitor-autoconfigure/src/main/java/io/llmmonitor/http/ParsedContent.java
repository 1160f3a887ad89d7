package io.llmmonitor.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmmonitor.record.LlmToolCall;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The content of an answer as it is read: its text, up to a limit, the tool calls the
 * model asked for, whole or joined from the deltas of a stream, and when the first of
 * them arrived. Not thread-safe: one reader feeds it.
 */
final class ParsedContent {

	private final int maxTextChars;

	private final StringBuilder text = new StringBuilder();

	private boolean textTruncated;

	private final StringBuilder refusal = new StringBuilder();

	private final StringBuilder reasoning = new StringBuilder();

	private final List<LlmToolCall> toolCalls = new ArrayList<>();

	private final Map<Integer, ToolCallDelta> toolCallDeltas = new LinkedHashMap<>();

	private long firstContentNanos;

	ParsedContent(int maxTextChars) {
		this.maxTextChars = maxTextChars;
	}

	/**
	 * Append a {@code content} value: a string, or an array of strings and text parts.
	 * @param content the value, or {@code null}
	 */
	void append(@Nullable JsonNode content) {
		if (content == null || content.isNull()) {
			return;
		}
		if (content.isString()) {
			appendText(content.asString());
			return;
		}
		if (!content.isArray()) {
			return;
		}
		for (JsonNode part : content) {
			if (part.isString()) {
				appendText(part.asString());
				continue;
			}
			String partType = ParsedResponse.text(part, "type");
			String partText = ParsedResponse.text(part, "text");
			if (partText != null && (partType == null || partType.equals("text") || partType.equals("output_text"))) {
				appendText(partText);
			}
			else if ("thinking".equals(partType)) {
				// Mistral's thinking parts: text parts of their own
				for (JsonNode thought : part.path("thinking")) {
					appendReasoning(thought.get("text"));
				}
			}
		}
	}

	private void appendText(String chunk) {
		if (chunk.isEmpty()) {
			return;
		}
		arrived();
		int room = this.maxTextChars - this.text.length();
		if (chunk.length() <= room) {
			this.text.append(chunk);
			return;
		}
		if (room > 0) {
			this.text.append(chunk, 0, room);
		}
		this.textTruncated = true;
	}

	/**
	 * Append a piece of a refusal ({@code refusal} of OpenAI's messages and deltas): the
	 * answer when the model declines.
	 * @param piece the piece, or {@code null}
	 */
	void appendRefusal(@Nullable JsonNode piece) {
		if (piece != null && piece.isString() && !piece.asString().isEmpty()) {
			arrived();
			bounded(this.refusal, piece.asString());
		}
	}

	/**
	 * Append a piece of reasoning text the provider sends beside the answer
	 * ({@code reasoning_content}, {@code reasoning}, thinking parts): generated and
	 * billed as output, not part of the answer.
	 * @param piece the piece, or {@code null}
	 */
	void appendReasoning(@Nullable JsonNode piece) {
		if (piece != null && piece.isString()) {
			bounded(this.reasoning, piece.asString());
		}
	}

	private void bounded(StringBuilder into, String piece) {
		int room = this.maxTextChars - into.length();
		into.append(piece, 0, Math.max(0, Math.min(room, piece.length())));
	}

	/** Content arrived (text, or a piece of a tool call). */
	void arrived() {
		if (this.firstContentNanos == 0) {
			this.firstContentNanos = System.nanoTime();
		}
	}

	/**
	 * Read the whole tool calls of a message.
	 * @param calls its {@code tool_calls}, or {@code null}
	 */
	void readToolCalls(@Nullable JsonNode calls) {
		if (calls == null || !calls.isArray()) {
			return;
		}
		for (JsonNode call : calls) {
			JsonNode function = call.path("function");
			this.toolCalls.add(new LlmToolCall(ParsedResponse.text(call, "id"),
					String.valueOf(ParsedResponse.text(function, "name")), ParsedResponse.text(function, "arguments")));
		}
	}

	/**
	 * Read the pieces of tool calls in a stream's delta.
	 * @param calls its {@code tool_calls}, or {@code null}
	 */
	void readToolCallDeltas(@Nullable JsonNode calls) {
		if (calls == null || !calls.isArray()) {
			return;
		}
		arrived();
		for (JsonNode call : calls) {
			int index = call.path("index").asInt(this.toolCallDeltas.size());
			ToolCallDelta delta = this.toolCallDeltas.computeIfAbsent(index, (i) -> new ToolCallDelta());
			delta.id = ParsedResponse.firstNonEmpty(delta.id, ParsedResponse.text(call, "id"));
			JsonNode function = call.path("function");
			delta.name = ParsedResponse.firstNonEmpty(delta.name, ParsedResponse.text(function, "name"));
			String arguments = ParsedResponse.text(function, "arguments");
			if (arguments != null) {
				delta.arguments.append(arguments);
			}
		}
	}

	/**
	 * Start a tool call of a stream whose arguments follow in pieces.
	 * @param index the call's place in the answer
	 * @param id the call's id
	 * @param name the tool's name
	 */
	void startToolCall(int index, @Nullable String id, @Nullable String name) {
		arrived();
		ToolCallDelta delta = this.toolCallDeltas.computeIfAbsent(index, (i) -> new ToolCallDelta());
		delta.id = ParsedResponse.firstNonEmpty(delta.id, id);
		delta.name = ParsedResponse.firstNonEmpty(delta.name, name);
	}

	/**
	 * Add a piece of the arguments of a tool call {@link #startToolCall started} before;
	 * pieces of blocks that are not tool calls are ignored.
	 * @param index the call's place in the answer
	 * @param piece the piece
	 */
	void toolCallArguments(int index, @Nullable String piece) {
		ToolCallDelta delta = this.toolCallDeltas.get(index);
		if (delta != null && piece != null) {
			arrived();
			delta.arguments.append(piece);
		}
	}

	void addToolCall(LlmToolCall toolCall) {
		this.toolCalls.add(toolCall);
	}

	void clearToolCalls() {
		this.toolCalls.clear();
	}

	boolean hasText() {
		return this.text.length() > 0;
	}

	/**
	 * The answer's text, or the refusal when the model declined.
	 * @return the text, or {@code null} when there is none
	 */
	@Nullable String text() {
		if (hasText()) {
			return this.text.toString();
		}
		return (this.refusal.length() > 0) ? this.refusal.toString() : null;
	}

	/**
	 * What the model generated beside its tool calls, for estimating its tokens.
	 * @return the parts
	 */
	TokenEstimates.Generated generated() {
		return new TokenEstimates.Generated(hasText() ? this.text.toString() : null,
				(this.refusal.length() > 0) ? this.refusal.toString() : null,
				(this.reasoning.length() > 0) ? this.reasoning.toString() : null);
	}

	boolean textTruncated() {
		return this.textTruncated;
	}

	List<LlmToolCall> toolCalls() {
		if (this.toolCallDeltas.isEmpty()) {
			return List.copyOf(this.toolCalls);
		}
		List<LlmToolCall> calls = new ArrayList<>(this.toolCalls);
		for (ToolCallDelta delta : this.toolCallDeltas.values()) {
			calls.add(new LlmToolCall(delta.id, String.valueOf(delta.name), delta.arguments.toString()));
		}
		return calls;
	}

	long firstContentNanos() {
		return this.firstContentNanos;
	}

	private static final class ToolCallDelta {

		@Nullable String id;

		@Nullable String name;

		final StringBuilder arguments = new StringBuilder();

	}

}
