package io.llmmonitor.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmMessage;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What a request body to an OpenAI-compatible API asks for: the model, whether it streams
 * (and asked for a usage chunk), the options and the messages.
 *
 * @param model the requested model
 * @param stream whether a stream was requested
 * @param includeUsage {@code stream_options.include_usage}, or {@code null} when not set
 * @param options request options, named as in {@link LlmCall#requestOptions()}
 * @param messages the prompt messages
 */
record ParsedRequest(@Nullable String model, boolean stream, @Nullable Boolean includeUsage,
		Map<String, Object> options, List<LlmMessage> messages) {

	static final ParsedRequest UNKNOWN = new ParsedRequest(null, false, null, Map.of(), List.of());

	/**
	 * Parse a request body.
	 * @param json the mapper
	 * @param body the body, or {@code null} when it was not seen
	 * @param operation the operation the path names
	 * @return what the request asks for; {@link #UNKNOWN} when the body is not JSON
	 */
	static ParsedRequest parse(ObjectMapper json, byte @Nullable [] body, String operation) {
		if (body == null || body.length == 0) {
			return UNKNOWN;
		}
		JsonNode root;
		try {
			root = json.readTree(body);
		}
		catch (JacksonException ex) {
			return UNKNOWN;
		}
		if (root == null || !root.isObject()) {
			return UNKNOWN;
		}
		JsonNode streamOptions = root.path("stream_options");
		JsonNode includeUsage = streamOptions.get("include_usage");
		return new ParsedRequest(ParsedResponse.text(root, "model"), root.path("stream").asBoolean(false),
				(includeUsage != null && includeUsage.isBoolean()) ? includeUsage.asBoolean() : null, options(root),
				messages(root, operation));
	}

	private static Map<String, Object> options(JsonNode root) {
		Map<String, Object> options = new LinkedHashMap<>();
		put(options, "temperature", root.get("temperature"));
		put(options, "maxTokens", first(root, "max_completion_tokens", "max_tokens", "max_output_tokens"));
		put(options, "topP", root.get("top_p"));
		put(options, "frequencyPenalty", root.get("frequency_penalty"));
		put(options, "presencePenalty", root.get("presence_penalty"));
		put(options, "stop", root.get("stop"));
		put(options, "seed", root.get("seed"));
		put(options, "n", root.get("n"));
		JsonNode effort = first(root, "reasoning_effort");
		put(options, "reasoningEffort", (effort != null) ? effort : root.path("reasoning").get("effort"));
		JsonNode format = root.path("response_format").get("type");
		put(options, "responseFormat", (format != null) ? format : root.path("text").path("format").get("type"));
		put(options, "dimensions", root.get("dimensions"));
		put(options, "encodingFormat", root.get("encoding_format"));
		JsonNode tools = root.get("tools");
		if (tools != null && tools.isArray() && !tools.isEmpty()) {
			List<String> names = new ArrayList<>();
			for (JsonNode tool : tools) {
				String name = ParsedResponse.text(tool.path("function"), "name");
				if (name == null) {
					name = ParsedResponse.text(tool, "name");
				}
				if (name == null) {
					name = ParsedResponse.text(tool, "type");
				}
				if (name != null) {
					names.add(name);
				}
			}
			options.put("tools", names);
		}
		return options;
	}

	private static @Nullable JsonNode first(JsonNode root, String... names) {
		for (String name : names) {
			JsonNode value = root.get(name);
			if (value != null && !value.isNull()) {
				return value;
			}
		}
		return null;
	}

	private static void put(Map<String, Object> options, String name, @Nullable JsonNode value) {
		if (value == null || value.isNull() || value.isMissingNode()) {
			return;
		}
		if (value.isIntegralNumber()) {
			options.put(name, value.asLong());
		}
		else if (value.isNumber()) {
			options.put(name, value.asDouble());
		}
		else if (value.isBoolean()) {
			options.put(name, value.asBoolean());
		}
		else if (value.isArray()) {
			List<String> items = new ArrayList<>();
			value.forEach((item) -> items.add(item.asString()));
			options.put(name, items);
		}
		else if (value.isString()) {
			options.put(name, value.asString());
		}
	}

	private static List<LlmMessage> messages(JsonNode root, String operation) {
		List<LlmMessage> messages = new ArrayList<>();
		switch (operation) {
			case LlmCall.OPERATION_CHAT -> {
				for (JsonNode message : root.path("messages")) {
					messages.add(
							new LlmMessage(String.valueOf(ParsedResponse.text(message, "role")), messageText(message)));
				}
			}
			case LlmCall.OPERATION_COMPLETION -> addInputs(messages, root.get("prompt"));
			case LlmCall.OPERATION_EMBEDDING -> addInputs(messages, root.get("input"));
			case LlmCall.OPERATION_RESPONSES -> {
				String instructions = ParsedResponse.text(root, "instructions");
				if (instructions != null) {
					messages.add(new LlmMessage("system", instructions));
				}
				JsonNode input = root.get("input");
				if (input != null && input.isString()) {
					messages.add(new LlmMessage("user", input.asString()));
				}
				else if (input != null && input.isArray()) {
					for (JsonNode item : input) {
						messages.add(responsesItem(item));
					}
				}
			}
			default -> {
			}
		}
		return messages;
	}

	private static void addInputs(List<LlmMessage> messages, @Nullable JsonNode input) {
		if (input == null) {
			return;
		}
		if (input.isString()) {
			messages.add(new LlmMessage("user", input.asString()));
		}
		else if (input.isArray()) {
			StringBuilder text = new StringBuilder();
			for (JsonNode item : input) {
				if (item.isString()) {
					text.append((text.length() > 0) ? "\n" : "").append(item.asString());
				}
			}
			if (text.length() > 0) {
				messages.add(new LlmMessage("user", text.toString()));
			}
		}
	}

	private static LlmMessage responsesItem(JsonNode item) {
		String type = ParsedResponse.text(item, "type");
		if ("function_call_output".equals(type)) {
			return new LlmMessage("tool", ParsedResponse.text(item, "output"));
		}
		if ("function_call".equals(type)) {
			return new LlmMessage("assistant",
					ParsedResponse.text(item, "name") + "(" + ParsedResponse.text(item, "arguments") + ")");
		}
		String role = ParsedResponse.text(item, "role");
		return new LlmMessage((role != null) ? role : String.valueOf(type), messageText(item));
	}

	private static @Nullable String messageText(JsonNode message) {
		JsonNode content = message.get("content");
		StringBuilder text = new StringBuilder();
		if (content != null && content.isString()) {
			text.append(content.asString());
		}
		else if (content != null && content.isArray()) {
			for (JsonNode part : content) {
				String partText = part.isString() ? part.asString() : ParsedResponse.text(part, "text");
				if (partText != null) {
					text.append((text.length() > 0) ? "\n" : "").append(partText);
				}
			}
		}
		for (JsonNode call : message.path("tool_calls")) {
			JsonNode function = call.path("function");
			text.append((text.length() > 0) ? "\n" : "")
				.append(ParsedResponse.text(function, "name"))
				.append('(')
				.append(ParsedResponse.text(function, "arguments"))
				.append(')');
		}
		return (text.length() > 0) ? text.toString() : null;
	}

}
