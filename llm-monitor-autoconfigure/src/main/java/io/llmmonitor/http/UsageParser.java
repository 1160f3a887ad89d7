package io.llmmonitor.http;

import io.llmmonitor.record.CallTokens;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads the {@code usage} object of an OpenAI-compatible answer: Chat Completions, legacy
 * completions and embeddings ({@code prompt_tokens}, {@code *_details}, DeepSeek's
 * {@code prompt_cache_hit_tokens}) or the Responses API ({@code input_tokens},
 * {@code output_tokens}). Counts stay in OpenAI's counting: cached tokens are part of the
 * prompt tokens, reasoning tokens part of the completion tokens; thinking tokens that an
 * answer counts only in its total (Gemini's) are added to both.
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
		Long prompt = count(usage, "prompt_tokens");
		Long completion = count(usage, "completion_tokens");
		Long total = count(usage, "total_tokens");
		Long reasoning = count(usage.path("completion_tokens_details"), "reasoning_tokens");
		long unreported = unreportedThinking(prompt, completion, total, reasoning);
		if (unreported > 0) {
			completion = ((completion != null) ? completion : 0) + unreported;
			reasoning = unreported;
		}
		return of(prompt, completion, total, cached, reasoning);
	}

	// Thinking tokens an answer counts only in its total: Gemini's OpenAI-compatible
	// endpoint reports them neither in completion_tokens nor as reasoning_tokens, so its
	// prompt and completion tokens fall short of the total by them. They are output the
	// model generated and bills for.
	private static long unreportedThinking(@Nullable Long prompt, @Nullable Long completion, @Nullable Long total,
			@Nullable Long reasoning) {
		if (reasoning != null || prompt == null || total == null) {
			return 0;
		}
		return total - prompt - ((completion != null) ? completion : 0);
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
