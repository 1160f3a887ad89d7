package io.llmmonitor.http;

import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The prompt tokens of a request's tool definitions, as OpenAI renders them into the
 * prompt: per tool its name and description, per parameter its name, type, description
 * and enum values, each with a fixed framing (OpenAI's published counting for its chat
 * models; the GPT-4o families frame a tool with 7 tokens, older ones with 10).
 */
final class ToolDefinitionTokens {

	private static final int TOOL_START_O200K = 7;

	private static final int TOOL_START_CL100K = 10;

	private static final int PARAMETERS_START = 3;

	private static final int PARAMETER = 3;

	private static final int ENUM_START = -3;

	private static final int ENUM_VALUE = 3;

	private static final int TOOLS_END = 12;

	private ToolDefinitionTokens() {
	}

	/**
	 * Count the tokens of tool definitions.
	 * @param estimator the estimator
	 * @param model the model, or {@code null}
	 * @param tools the request's {@code tools}, or {@code null}
	 * @return the tokens, zero without function tools
	 */
	static long count(TokenEstimator estimator, @Nullable String model, @Nullable JsonNode tools) {
		if (tools == null || !tools.isArray()) {
			return 0;
		}
		long tokens = 0;
		boolean any = false;
		for (JsonNode tool : tools) {
			// Chat Completions nest the function; the Responses API gives it flat
			JsonNode function = tool.has("function") ? tool.get("function") : tool;
			String name = ParsedResponse.text(function, "name");
			if (name == null) {
				continue;
			}
			any = true;
			tokens += toolStart(model) + estimator.count(model, name + ":" + description(function));
			JsonNode properties = function.path("parameters").path("properties");
			if (properties.isObject() && !properties.isEmpty()) {
				tokens += PARAMETERS_START;
				for (Map.Entry<String, JsonNode> property : properties.properties()) {
					tokens += parameter(estimator, model, property.getKey(), property.getValue());
				}
			}
		}
		return any ? tokens + TOOLS_END : 0;
	}

	private static long parameter(TokenEstimator estimator, @Nullable String model, String name, JsonNode schema) {
		long tokens = PARAMETER;
		JsonNode values = schema.get("enum");
		if (values != null && values.isArray()) {
			tokens += ENUM_START;
			for (JsonNode value : values) {
				tokens += ENUM_VALUE + estimator.count(model, value.asString());
			}
		}
		String type = ParsedResponse.text(schema, "type");
		return tokens + estimator.count(model, name + ":" + ((type != null) ? type : "") + ":" + description(schema));
	}

	private static String description(JsonNode node) {
		String description = ParsedResponse.text(node, "description");
		if (description == null) {
			return "";
		}
		return description.endsWith(".") ? description.substring(0, description.length() - 1) : description;
	}

	private static int toolStart(@Nullable String model) {
		String name = (model != null) ? model.toLowerCase(Locale.ROOT) : "";
		boolean older = name.startsWith("gpt-3.5") || (name.startsWith("gpt-4") && !name.startsWith("gpt-4o")
				&& !name.startsWith("gpt-4.1") && !name.startsWith("gpt-4.5"));
		return older ? TOOL_START_CL100K : TOOL_START_O200K;
	}

}
