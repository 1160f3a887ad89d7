package io.llmmonitor.http;

import io.llmmonitor.record.CallTokens;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads the {@code usage} object of an OpenAI-compatible answer: Chat Completions, legacy
 * completions and embeddings ({@code prompt_tokens}, {@code *_details}, DeepSeek's
 * {@code prompt_cache_hit_tokens}) or the Responses API ({@code input_tokens},
 * {@code output_tokens}). Counts stay in OpenAI's counting: cached tokens are part of the
 * prompt tokens, reasoning tokens part of the completion tokens.
 */
final class UsageParser {

	private UsageParser() {
	}

	/**
	 * Read a {@code usage} object.
	 * @param usage the usage object
	 * @return the counts, or {@code null} when the object reports none
	 */
	static @Nullable CallTokens read(@Nullable JsonNode usage) {
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

	private static @Nullable CallTokens of(@Nullable Long prompt, @Nullable Long completion, @Nullable Long total,
			@Nullable Long cached, @Nullable Long reasoning) {
		if (prompt == null && completion == null && total == null) {
			return null;
		}
		return CallTokens.reported(prompt, completion, total, cached, null, reasoning);
	}

	private static @Nullable Long count(JsonNode parent, String name) {
		JsonNode value = parent.get(name);
		return (value != null && value.isNumber()) ? value.asLong() : null;
	}

}
