package io.llmmonitor.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.llmmonitor.capture.CallOutcomes;
import io.llmmonitor.record.CallTokens;
import io.llmmonitor.record.LlmToolCall;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What a response body of an OpenAI-compatible API says, accumulated from one JSON body
 * or from the events of a stream: Chat Completions (messages and deltas), legacy
 * completions, embeddings and the Responses API (objects and {@code response.*} events).
 * Not thread-safe: one reader feeds it.
 */
final class ParsedResponse {

	private final int maxTextChars;

	private @Nullable String id;

	private @Nullable String model;

	private @Nullable CallTokens usage;

	private @Nullable String finishReason;

	private final StringBuilder text = new StringBuilder();

	private boolean textTruncated;

	private final Map<Integer, ToolCallDelta> toolCallDeltas = new LinkedHashMap<>();

	private final List<LlmToolCall> toolCalls = new ArrayList<>();

	private @Nullable String errorType;

	private @Nullable String errorMessage;

	private boolean hasError;

	private @Nullable String providerHint;

	private long firstContentNanos;

	private boolean completed;

	private int malformedEvents;

	ParsedResponse(int maxTextChars) {
		this.maxTextChars = maxTextChars;
	}

	/**
	 * Apply a whole JSON body (or the fields of one that could be read).
	 * @param root the body
	 */
	void applyBody(JsonNode root) {
		if (root.has("error") && !root.get("error").isNull()) {
			applyError(root.get("error"));
			return;
		}
		if ("response".equals(text(root, "object")) || root.has("output")) {
			applyResponsesObject(root);
			return;
		}
		applyChatOrCompletion(root);
		this.completed = true;
	}

	/**
	 * Apply one event of a stream.
	 * @param eventName the SSE event name, or {@code null}
	 * @param data the event's data
	 */
	void applyEvent(@Nullable String eventName, JsonNode data) {
		String type = text(data, "type");
		if (type == null) {
			type = eventName;
		}
		if (type != null && (type.startsWith("response.") || type.equals("error"))) {
			applyResponsesEvent(type, data);
			return;
		}
		if (data.has("error") && !data.get("error").isNull()) {
			applyError(data.get("error"));
			return;
		}
		applyChatOrCompletion(data);
	}

	/** The stream said {@code [DONE]}. */
	void done() {
		this.completed = true;
	}

	void malformedEvent() {
		this.malformedEvents++;
	}

	private void applyChatOrCompletion(JsonNode root) {
		this.id = firstNonEmpty(this.id, text(root, "id"));
		this.model = firstNonEmpty(this.model, text(root, "model"));
		applyUsage(root.get("usage"));
		JsonNode groq = root.get("x_groq");
		if (groq != null && groq.isObject()) {
			this.providerHint = "groq";
			if (this.usage == null) {
				applyUsage(groq.get("usage"));
			}
		}
		hints(root);
		JsonNode choices = root.get("choices");
		if (choices == null || !choices.isArray()) {
			return;
		}
		for (JsonNode choice : choices) {
			if (choice.path("index").asInt(0) != 0) {
				continue;
			}
			String reason = text(choice, "finish_reason");
			if (reason != null) {
				this.finishReason = reason.toLowerCase(Locale.ROOT);
			}
			JsonNode message = choice.get("message");
			if (message != null && message.isObject()) {
				appendContent(message.get("content"));
				readToolCalls(message.get("tool_calls"));
			}
			JsonNode delta = choice.get("delta");
			if (delta != null && delta.isObject()) {
				appendContent(delta.get("content"));
				readToolCallDeltas(delta.get("tool_calls"));
			}
			appendContent(choice.get("text"));
		}
	}

	private void hints(JsonNode root) {
		if (this.providerHint != null) {
			return;
		}
		if ("fp_ollama".equals(text(root, "system_fingerprint"))) {
			this.providerHint = "ollama";
		}
		else if (root.has("prompt_filter_results")) {
			this.providerHint = "azure";
		}
		else if (root.has("kv_transfer_params") || root.has("prompt_logprobs")) {
			this.providerHint = "vllm";
		}
		else if (root.path("usage").has("prompt_cache_hit_tokens")) {
			this.providerHint = "deepseek";
		}
	}

	private void applyResponsesObject(JsonNode response) {
		this.id = firstNonEmpty(this.id, text(response, "id"));
		String responseModel = text(response, "model");
		if (responseModel != null && !responseModel.isEmpty()) {
			this.model = responseModel;
		}
		applyUsage(response.get("usage"));
		JsonNode error = response.get("error");
		if (error != null && error.isObject()) {
			applyError(error);
		}
		String reason = text(response.path("incomplete_details"), "reason");
		if (reason != null) {
			this.finishReason = reason;
		}
		JsonNode output = response.get("output");
		if (output != null && output.isArray() && !output.isEmpty()) {
			boolean streamedText = this.text.length() > 0;
			this.toolCalls.clear();
			for (JsonNode item : output) {
				String type = text(item, "type");
				if ("message".equals(type) && !streamedText) {
					appendContent(item.get("content"));
				}
				else if ("function_call".equals(type)) {
					this.toolCalls.add(new LlmToolCall(text(item, "call_id"), String.valueOf(text(item, "name")),
							text(item, "arguments")));
				}
				else if ("custom_tool_call".equals(type)) {
					this.toolCalls.add(new LlmToolCall(text(item, "call_id"), String.valueOf(text(item, "name")),
							text(item, "input")));
				}
			}
		}
		String status = text(response, "status");
		if (status != null && !status.equals("in_progress") && !status.equals("queued")) {
			this.completed = true;
		}
	}

	private void applyResponsesEvent(String type, JsonNode event) {
		switch (type) {
			case "response.output_text.delta", "response.refusal.delta" -> appendContent(event.get("delta"));
			case "response.function_call_arguments.delta" -> contentArrived();
			case "response.created", "response.in_progress", "response.completed", "response.incomplete",
					"response.failed" -> {
				JsonNode response = event.get("response");
				if (response != null && response.isObject()) {
					applyResponsesObject(response);
				}
			}
			case "error" -> applyError(event.has("error") ? event.get("error") : event);
			default -> {
			}
		}
	}

	private void applyError(JsonNode error) {
		this.hasError = true;
		if (error.isString()) {
			this.errorMessage = error.asString();
			return;
		}
		this.errorType = CallOutcomes.errorType(error);
		this.errorMessage = text(error, "message");
	}

	private void applyUsage(@Nullable JsonNode usageNode) {
		CallTokens read = UsageParser.read(usageNode);
		if (read != null) {
			this.usage = read;
		}
	}

	private void appendContent(@Nullable JsonNode content) {
		if (content == null || content.isNull()) {
			return;
		}
		if (content.isString()) {
			appendText(content.asString());
			return;
		}
		if (content.isArray()) {
			for (JsonNode part : content) {
				if (part.isString()) {
					appendText(part.asString());
				}
				else {
					String partType = text(part, "type");
					if (partType == null || partType.equals("text") || partType.equals("output_text")) {
						String partText = text(part, "text");
						if (partText != null) {
							appendText(partText);
						}
					}
				}
			}
		}
	}

	private void appendText(String chunk) {
		if (chunk.isEmpty()) {
			return;
		}
		contentArrived();
		int room = this.maxTextChars - this.text.length();
		if (chunk.length() <= room) {
			this.text.append(chunk);
		}
		else {
			if (room > 0) {
				this.text.append(chunk, 0, room);
			}
			this.textTruncated = true;
		}
	}

	private void contentArrived() {
		if (this.firstContentNanos == 0) {
			this.firstContentNanos = System.nanoTime();
		}
	}

	private void readToolCalls(@Nullable JsonNode calls) {
		if (calls == null || !calls.isArray()) {
			return;
		}
		for (JsonNode call : calls) {
			JsonNode function = call.path("function");
			this.toolCalls.add(new LlmToolCall(text(call, "id"), String.valueOf(text(function, "name")),
					text(function, "arguments")));
		}
	}

	private void readToolCallDeltas(@Nullable JsonNode calls) {
		if (calls == null || !calls.isArray()) {
			return;
		}
		contentArrived();
		for (JsonNode call : calls) {
			int index = call.path("index").asInt(this.toolCallDeltas.size());
			ToolCallDelta delta = this.toolCallDeltas.computeIfAbsent(index, (i) -> new ToolCallDelta());
			delta.id = firstNonEmpty(delta.id, text(call, "id"));
			JsonNode function = call.path("function");
			delta.name = firstNonEmpty(delta.name, text(function, "name"));
			String arguments = text(function, "arguments");
			if (arguments != null) {
				delta.arguments.append(arguments);
			}
		}
	}

	@Nullable String id() {
		return this.id;
	}

	@Nullable String model() {
		return this.model;
	}

	@Nullable CallTokens usage() {
		return this.usage;
	}

	@Nullable String finishReason() {
		return this.finishReason;
	}

	@Nullable String text() {
		return (this.text.length() > 0) ? this.text.toString() : null;
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

	@Nullable String errorType() {
		return this.errorType;
	}

	@Nullable String errorMessage() {
		return this.errorMessage;
	}

	boolean hasError() {
		return this.hasError;
	}

	@Nullable String providerHint() {
		return this.providerHint;
	}

	long firstContentNanos() {
		return this.firstContentNanos;
	}

	boolean completed() {
		return this.completed;
	}

	int malformedEvents() {
		return this.malformedEvents;
	}

	static @Nullable String text(JsonNode node, String name) {
		JsonNode value = node.get(name);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	private static @Nullable String firstNonEmpty(@Nullable String current, @Nullable String candidate) {
		return (current != null && !current.isEmpty()) ? current
				: ((candidate != null && !candidate.isEmpty()) ? candidate : current);
	}

	private static final class ToolCallDelta {

		@Nullable String id;

		@Nullable String name;

		final StringBuilder arguments = new StringBuilder();

	}

}
