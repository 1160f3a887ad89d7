package io.llmmonitor.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.llmmonitor.record.CallOperation;
import io.llmmonitor.record.CallRequest;
import io.llmmonitor.record.LlmMessage;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Reads what a request body to an OpenAI-compatible API asks for: the model, the options
 * (named as in {@link CallRequest#requestOptions()}) and the messages.
 */
final class RequestParser {

	private RequestParser() {
	}

	/**
	 * Parse a request body.
	 * @param json the mapper
	 * @param body the body, or {@code null} when it was not seen
	 * @param operation the operation the path names
	 * @param streamed whether the response was streamed
	 * @param pathModel the model the path names (an Azure deployment), used when the body
	 * names none
	 * @return what the request asks for; no model, options or messages when the body is
	 * not a JSON object
	 */
	static CallRequest parse(ObjectMapper json, byte @Nullable [] body, CallOperation operation, boolean streamed,
			@Nullable String pathModel) {
		JsonNode root = null;
		if (body != null && body.length > 0) {
			try {
				root = json.readTree(body);
			}
			catch (JacksonException ex) {
				root = null;
			}
		}
		if (root == null || !root.isObject()) {
			return new CallRequest(operation, pathModel, streamed, Map.of(), List.of());
		}
		String model = ParsedResponse.text(root, "model");
		return new CallRequest(operation, (model != null) ? model : pathModel, streamed, options(root),
				messages(root, operation));
	}

	/**
	 * Return the tool definitions a request body sends.
	 * @param json the JSON mapper
	 * @param body the body as sent, or {@code null}
	 * @return its {@code tools} array, or {@code null} when it has none or is not JSON
	 */
	static @Nullable JsonNode tools(ObjectMapper json, byte @Nullable [] body) {
		if (body == null || body.length == 0) {
			return null;
		}
		try {
			JsonNode tools = json.readTree(body).get("tools");
			return (tools != null && tools.isArray()) ? tools : null;
		}
		catch (JacksonException ex) {
			return null;
		}
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

	private static List<LlmMessage> messages(JsonNode root, CallOperation operation) {
		List<LlmMessage> messages = new ArrayList<>();
		switch (operation) {
			case CHAT -> {
				// Anthropic's Messages API gives the system prompt beside the messages
				JsonNode system = root.get("system");
				if (system != null && (system.isString() || system.isArray())) {
					messages.add(new LlmMessage("system",
							messageText(JsonNodeFactory.instance.objectNode().set("content", system))));
				}
				for (JsonNode message : root.path("messages")) {
					messages.add(
							new LlmMessage(String.valueOf(ParsedResponse.text(message, "role")), messageText(message)));
				}
			}
			case COMPLETION -> addInputs(messages, root.get("prompt"));
			case EMBEDDING -> addInputs(messages, root.get("input"));
			case RESPONSES -> {
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
