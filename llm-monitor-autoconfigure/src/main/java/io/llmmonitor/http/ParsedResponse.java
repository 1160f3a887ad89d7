package io.llmmonitor.http;

import java.util.Locale;

import io.llmmonitor.capture.CallOutcomes;
import io.llmmonitor.record.CallTokens;
import io.llmmonitor.record.LlmToolCall;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * What a response body of an OpenAI-compatible API says, accumulated from one JSON body
 * or from the events of a stream: Chat Completions (messages and deltas), legacy
 * completions, embeddings and the Responses API (objects and {@code response.*} events);
 * and of Anthropic's Messages API (a message, or the events of its stream). Not
 * thread-safe: one reader feeds it.
 */
final class ParsedResponse {

	private @Nullable String id;

	private @Nullable String model;

	private @Nullable CallTokens usage;

	private @Nullable String finishReason;

	private @Nullable String errorType;

	private @Nullable String errorMessage;

	private boolean hasError;

	private @Nullable String providerHint;

	private boolean completed;

	private @Nullable AnthropicMessages anthropic;

	private final ParsedContent content;

	ParsedResponse(int maxTextChars) {
		this.content = new ParsedContent(maxTextChars);
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
		if ("message".equals(text(root, "type"))) {
			anthropic().applyMessage(root);
			this.completed = true;
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
		if (type != null && AnthropicMessages.EVENTS.contains(type)) {
			anthropic().applyEvent(type, data);
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
				applyGenerated(message);
				this.content.readToolCalls(message.get("tool_calls"));
			}
			JsonNode delta = choice.get("delta");
			if (delta != null && delta.isObject()) {
				applyGenerated(delta);
				this.content.readToolCallDeltas(delta.get("tool_calls"));
			}
			this.content.append(choice.get("text"));
		}
	}

	// The text parts of a message or delta: its content, refusal and reasoning
	private void applyGenerated(JsonNode message) {
		this.content.append(message.get("content"));
		this.content.appendRefusal(message.get("refusal"));
		this.content.appendReasoning(message.get("reasoning_content"));
		this.content.appendReasoning(message.get("reasoning"));
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
			boolean streamedText = this.content.hasText();
			this.content.clearToolCalls();
			for (JsonNode item : output) {
				String type = text(item, "type");
				if ("message".equals(type) && !streamedText) {
					this.content.append(item.get("content"));
				}
				else if ("function_call".equals(type)) {
					this.content.addToolCall(new LlmToolCall(text(item, "call_id"), String.valueOf(text(item, "name")),
							text(item, "arguments")));
				}
				else if ("custom_tool_call".equals(type)) {
					this.content.addToolCall(new LlmToolCall(text(item, "call_id"), String.valueOf(text(item, "name")),
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
			case "response.output_text.delta" -> this.content.append(event.get("delta"));
			case "response.refusal.delta" -> this.content.appendRefusal(event.get("delta"));
			case "response.reasoning_summary_text.delta", "response.reasoning_text.delta" ->
				this.content.appendReasoning(event.get("delta"));
			case "response.function_call_arguments.delta" -> this.content.arrived();
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

	private AnthropicMessages anthropic() {
		AnthropicMessages messages = this.anthropic;
		if (messages == null) {
			messages = new AnthropicMessages(this, this.content);
			this.anthropic = messages;
		}
		return messages;
	}

	// What an answer in another API's shape (AnthropicMessages) reads into this one

	void identify(@Nullable String responseId, @Nullable String responseModel) {
		this.id = firstNonEmpty(this.id, responseId);
		this.model = firstNonEmpty(this.model, responseModel);
	}

	void usage(CallTokens tokens) {
		this.usage = tokens;
	}

	void finishReason(String reason) {
		this.finishReason = reason;
	}

	void hint(String provider) {
		this.providerHint = provider;
	}

	void complete() {
		this.completed = true;
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

	/**
	 * The text and tool calls of the answer.
	 * @return the content
	 */
	ParsedContent content() {
		return this.content;
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

	boolean completed() {
		return this.completed;
	}

	static @Nullable String text(JsonNode node, String name) {
		JsonNode value = node.get(name);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	static @Nullable String firstNonEmpty(@Nullable String current, @Nullable String candidate) {
		return (current != null && !current.isEmpty()) ? current
				: ((candidate != null && !candidate.isEmpty()) ? candidate : current);
	}

}
