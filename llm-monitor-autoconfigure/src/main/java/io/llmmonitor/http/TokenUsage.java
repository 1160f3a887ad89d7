package io.llmmonitor.http;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Token counts as an OpenAI-compatible provider reports them, in OpenAI's counting:
 * cached tokens are part of the prompt tokens, reasoning tokens part of the completion
 * tokens.
 *
 * @param promptTokens input tokens
 * @param completionTokens output tokens
 * @param totalTokens total as reported (or the sum when only the parts are reported)
 * @param cachedTokens input tokens read from the prompt cache
 * @param reasoningTokens output tokens spent on reasoning
 */
record TokenUsage(@Nullable Long promptTokens, @Nullable Long completionTokens, @Nullable Long totalTokens,
		@Nullable Long cachedTokens, @Nullable Long reasoningTokens) {

	/**
	 * Read a {@code usage} object: Chat Completions, legacy completions and embeddings
	 * ({@code prompt_tokens}, {@code *_details}, DeepSeek's
	 * {@code prompt_cache_hit_tokens}) or the Responses API ({@code input_tokens},
	 * {@code output_tokens}).
	 * @param usage the usage object
	 * @return the counts, or {@code null} when the object reports none
	 */
	static @Nullable TokenUsage read(@Nullable JsonNode usage) {
		if (usage == null || !usage.isObject()) {
			return null;
		}
		if (usage.has("input_tokens") || usage.has("output_tokens")) {
			return of(count(usage, "input_tokens"), count(usage, "output_tokens"), count(usage, "total_tokens"),
					count(usage.path("input_tokens_details"), "cached_tokens"),
					count(usage.path("output_tokens_details"), "reasoning_tokens"));
		}
		Long cached = count(usage.path("prompt_tokens_details"), "cached_tokens");
		if (cached == null) {
			cached = count(usage, "prompt_cache_hit_tokens");
		}
		return of(count(usage, "prompt_tokens"), count(usage, "completion_tokens"), count(usage, "total_tokens"),
				cached, count(usage.path("completion_tokens_details"), "reasoning_tokens"));
	}

	private static @Nullable TokenUsage of(@Nullable Long prompt, @Nullable Long completion, @Nullable Long total,
			@Nullable Long cached, @Nullable Long reasoning) {
		if (prompt == null && completion == null && total == null) {
			return null;
		}
		if (total == null && prompt != null && completion != null) {
			total = prompt + completion;
		}
		return new TokenUsage(prompt, completion, total, cached, reasoning);
	}

	private static @Nullable Long count(JsonNode parent, String name) {
		JsonNode value = parent.get(name);
		return (value != null && value.isNumber()) ? value.asLong() : null;
	}

}
