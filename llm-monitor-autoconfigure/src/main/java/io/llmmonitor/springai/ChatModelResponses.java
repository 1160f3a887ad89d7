package io.llmmonitor.springai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.llmmonitor.capture.Providers;
import io.llmmonitor.record.CallOrigin;
import io.llmmonitor.record.CallResponse;
import io.llmmonitor.record.CallTokens;
import io.llmmonitor.record.LlmMessage;
import io.llmmonitor.record.LlmToolCall;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.tool.ToolCallingChatOptions;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Reads what a record needs from Spring AI's request and response types.
 */
final class ChatModelResponses {

	private static final boolean OPENAI_PRESENT = ClassUtils.isPresent("com.openai.models.completions.CompletionUsage",
			ChatModelResponses.class.getClassLoader());

	private static final boolean ANTHROPIC_PRESENT = ClassUtils.isPresent("com.anthropic.models.messages.Usage",
			ChatModelResponses.class.getClassLoader());

	private static final String OPENAI_OPTIONS = "org.springframework.ai.openai.OpenAiChatOptions";

	private ChatModelResponses() {
	}

	static String provider(@Nullable ChatOptions options, @Nullable String defaultOpenAiBaseUrl) {
		if (options == null) {
			return CallOrigin.UNKNOWN_PROVIDER;
		}
		String type = options.getClass().getName();
		if (OPENAI_OPTIONS.equals(type)) {
			String baseUrl = OpenAiSupport.baseUrl(options);
			return Providers.fromUrl((baseUrl != null) ? baseUrl : defaultOpenAiBaseUrl);
		}
		String simpleName = options.getClass().getSimpleName();
		if (simpleName.endsWith("ChatOptions") && simpleName.length() > "ChatOptions".length()) {
			return simpleName.substring(0, simpleName.length() - "ChatOptions".length()).toLowerCase(Locale.ROOT);
		}
		return CallOrigin.UNKNOWN_PROVIDER;
	}

	static Map<String, Object> requestOptions(@Nullable ChatOptions options) {
		if (options == null) {
			return Map.of();
		}
		Map<String, Object> values = new LinkedHashMap<>();
		putIfSet(values, "temperature", options.getTemperature());
		putIfSet(values, "maxTokens", options.getMaxTokens());
		putIfSet(values, "topP", options.getTopP());
		putIfSet(values, "topK", options.getTopK());
		putIfSet(values, "frequencyPenalty", options.getFrequencyPenalty());
		putIfSet(values, "presencePenalty", options.getPresencePenalty());
		putIfSet(values, "stop", options.getStopSequences());
		if (options instanceof ToolCallingChatOptions toolOptions && toolOptions.getToolCallbacks() != null
				&& !toolOptions.getToolCallbacks().isEmpty()) {
			List<String> tools = new ArrayList<>();
			for (ToolCallback callback : toolOptions.getToolCallbacks()) {
				tools.add(callback.getToolDefinition().name());
			}
			values.put("tools", tools);
		}
		return values;
	}

	private static void putIfSet(Map<String, Object> values, String name, @Nullable Object value) {
		if (value != null) {
			values.put(name, value);
		}
	}

	static List<LlmMessage> messages(Prompt prompt) {
		List<Message> instructions = prompt.getInstructions();
		List<LlmMessage> messages = new ArrayList<>(instructions.size());
		for (Message message : instructions) {
			messages.add(new LlmMessage(message.getMessageType().getValue(), text(message)));
		}
		return messages;
	}

	private static @Nullable String text(Message message) {
		if (message instanceof ToolResponseMessage toolResponse && !StringUtils.hasLength(message.getText())) {
			StringBuilder text = new StringBuilder();
			for (ToolResponseMessage.ToolResponse response : toolResponse.getResponses()) {
				text.append((text.length() > 0) ? "\n" : "").append(response.responseData());
			}
			return text.toString();
		}
		if (message instanceof AssistantMessage assistant && assistant.hasToolCalls()
				&& !StringUtils.hasLength(message.getText())) {
			StringBuilder text = new StringBuilder();
			for (AssistantMessage.ToolCall toolCall : assistant.getToolCalls()) {
				text.append((text.length() > 0) ? "\n" : "")
					.append(toolCall.name())
					.append('(')
					.append(toolCall.arguments())
					.append(')');
			}
			return text.toString();
		}
		return message.getText();
	}

	static @Nullable String responseText(@Nullable ChatResponse response) {
		if (response == null) {
			return null;
		}
		List<Generation> results = response.getResults();
		if (results.size() == 1) {
			String only = results.get(0).getOutput().getText();
			return StringUtils.hasLength(only) ? only : null;
		}
		StringBuilder text = new StringBuilder();
		for (Generation generation : results) {
			String part = generation.getOutput().getText();
			if (part != null) {
				text.append(part);
			}
		}
		return (text.length() > 0) ? text.toString() : null;
	}

	static @Nullable String finishReason(@Nullable ChatResponse response) {
		if (response == null) {
			return null;
		}
		for (Generation generation : response.getResults()) {
			String reason = generation.getMetadata().getFinishReason();
			if (StringUtils.hasText(reason)) {
				return reason.toLowerCase(Locale.ROOT);
			}
		}
		return null;
	}

	static @Nullable String model(@Nullable ChatResponse response) {
		return (response != null) ? emptyToNull(response.getMetadata().getModel()) : null;
	}

	static @Nullable String id(@Nullable ChatResponse response) {
		return (response != null) ? emptyToNull(response.getMetadata().getId()) : null;
	}

	static boolean hasUsage(@Nullable ChatResponse response) {
		if (response == null) {
			return false;
		}
		Usage usage = response.getMetadata().getUsage();
		return positive(usage.getPromptTokens()) || positive(usage.getCompletionTokens())
				|| positive(usage.getTotalTokens());
	}

	static CallTokens tokens(@Nullable ChatResponse response) {
		if (response == null || !hasUsage(response)) {
			return CallTokens.NONE;
		}
		Usage usage = response.getMetadata().getUsage();
		return CallTokens
			.reported(toLong(usage.getPromptTokens()), toLong(usage.getCompletionTokens()),
					toLong(usage.getTotalTokens()), usage.getCacheReadInputTokens(), usage.getCacheWriteInputTokens(),
					reasoningTokens(usage.getNativeUsage()))
			.withCacheWrite1h(cacheWrite1hTokens(usage.getNativeUsage()));
	}

	/**
	 * Counts in the record's (OpenAI's) terms. Spring AI's Anthropic model reports
	 * Anthropic's {@code input_tokens} as the prompt tokens, its cache reads and writes
	 * beside them: they become part of the prompt, as every other capture point records
	 * them.
	 * @param tokens the counts as Spring AI reported them
	 * @param provider the provider that served the call
	 * @return the counts
	 */
	static CallTokens recordCounting(CallTokens tokens, String provider) {
		if (!Providers.ANTHROPIC.equals(provider) || tokens.promptTokens() == null) {
			return tokens;
		}
		long cached = (tokens.cachedTokens() != null) ? tokens.cachedTokens() : 0;
		long written = (tokens.cacheWriteTokens() != null) ? tokens.cacheWriteTokens() : 0;
		return CallTokens
			.reported(tokens.promptTokens() + cached + written, tokens.completionTokens(), null, tokens.cachedTokens(),
					tokens.cacheWriteTokens(), tokens.reasoningTokens())
			.withCacheWrite1h(tokens.cacheWrite1hTokens());
	}

	/**
	 * The response of a call, from the model's last answer.
	 * @param response the answer, or {@code null} when there is none
	 * @param modelRequests the number of model requests the call made
	 * @param toolCalls the tool calls the model asked for in them
	 * @return the response
	 */
	static CallResponse response(@Nullable ChatResponse response, int modelRequests, List<LlmToolCall> toolCalls) {
		if (response == null) {
			return new CallResponse(null, null, modelRequests, null, toolCalls, null);
		}
		return new CallResponse(model(response), id(response), modelRequests, finishReason(response), toolCalls,
				responseText(response));
	}

	// Anthropic's one-hour cache writes, in the usage of one model request (the usage
	// Spring AI sums over several has no native object)
	private static @Nullable Long cacheWrite1hTokens(@Nullable Object nativeUsage) {
		return (ANTHROPIC_PRESENT && nativeUsage != null) ? AnthropicSupport.cacheWrite1hTokens(nativeUsage) : null;
	}

	private static @Nullable Long reasoningTokens(@Nullable Object nativeUsage) {
		return (OPENAI_PRESENT && nativeUsage != null) ? OpenAiSupport.reasoningTokens(nativeUsage) : null;
	}

	private static boolean positive(@Nullable Integer value) {
		return value != null && value > 0;
	}

	private static @Nullable Long toLong(@Nullable Integer value) {
		return (value != null) ? value.longValue() : null;
	}

	private static @Nullable String emptyToNull(@Nullable String value) {
		return StringUtils.hasText(value) ? value : null;
	}

	/**
	 * Touches OpenAI types only when they are on the classpath.
	 */
	private static final class OpenAiSupport {

		static @Nullable String baseUrl(ChatOptions options) {
			return ((org.springframework.ai.openai.OpenAiChatOptions) options).getBaseUrl();
		}

		static @Nullable Long reasoningTokens(Object nativeUsage) {
			if (nativeUsage instanceof com.openai.models.completions.CompletionUsage usage) {
				return usage.completionTokensDetails()
					.flatMap(com.openai.models.completions.CompletionUsage.CompletionTokensDetails::reasoningTokens)
					.orElse(null);
			}
			return null;
		}

	}

	/**
	 * Touches Anthropic types only when they are on the classpath.
	 */
	private static final class AnthropicSupport {

		static @Nullable Long cacheWrite1hTokens(Object nativeUsage) {
			if (nativeUsage instanceof com.anthropic.models.messages.Usage usage) {
				return usage.cacheCreation()
					.map(com.anthropic.models.messages.CacheCreation::ephemeral1hInputTokens)
					.orElse(null);
			}
			return null;
		}

	}

}
