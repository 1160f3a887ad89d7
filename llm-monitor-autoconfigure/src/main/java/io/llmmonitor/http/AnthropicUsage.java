package io.llmmonitor.http;

import io.llmmonitor.record.CallTokens;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The usage of an Anthropic Messages answer, merged from its {@code usage} objects: the
 * body's, or a stream's {@code message_start} then {@code message_delta} (cumulative
 * counts; a later value of a field replaces an earlier one). Anthropic's input, cache
 * creation and cache read tokens are disjoint, so the record's prompt tokens are their
 * sum, its cached tokens the cache reads and its cache-write tokens the cache creation:
 * OpenAI's counting, each token once.
 */
final class AnthropicUsage {

	private @Nullable Long input;

	private @Nullable Long cacheCreation;

	private @Nullable Long cacheRead;

	private @Nullable Long output;

	private @Nullable Long cacheCreation1h;

	/**
	 * Merge a {@code usage} object.
	 * @param usage the object, or {@code null}
	 */
	void merge(@Nullable JsonNode usage) {
		if (usage == null || !usage.isObject()) {
			return;
		}
		this.input = latest(this.input, usage, "input_tokens");
		this.cacheCreation = latest(this.cacheCreation, usage, "cache_creation_input_tokens");
		this.cacheRead = latest(this.cacheRead, usage, "cache_read_input_tokens");
		this.output = latest(this.output, usage, "output_tokens");
		this.cacheCreation1h = latest(this.cacheCreation1h, usage.path("cache_creation"), "ephemeral_1h_input_tokens");
	}

	/**
	 * The counts in the record's terms.
	 * @return the counts, or {@code null} when no usage was reported
	 */
	@Nullable CallTokens tokens() {
		if (this.input == null && this.output == null) {
			return null;
		}
		long prompt = orZero(this.input) + orZero(this.cacheCreation) + orZero(this.cacheRead);
		return CallTokens.reported(prompt, this.output, null, this.cacheRead, this.cacheCreation, null)
			.withCacheWrite1h(this.cacheCreation1h);
	}

	private static @Nullable Long latest(@Nullable Long current, JsonNode usage, String name) {
		JsonNode value = usage.get(name);
		return (value != null && value.isNumber()) ? Long.valueOf(value.asLong()) : current;
	}

	private static long orZero(@Nullable Long value) {
		return (value != null) ? value : 0;
	}

}
