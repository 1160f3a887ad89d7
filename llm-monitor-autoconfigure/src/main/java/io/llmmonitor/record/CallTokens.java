package io.llmmonitor.record;

import org.jspecify.annotations.Nullable;

/**
 * Token counts of a call, in OpenAI's counting: {@code cachedTokens} and
 * {@code cacheWriteTokens} are part of {@code promptTokens}, {@code reasoningTokens} part
 * of {@code completionTokens}.
 *
 * @param promptTokens input tokens, cached ones included
 * @param completionTokens output tokens, reasoning ones included
 * @param totalTokens total tokens as the provider reports them
 * @param cachedTokens input tokens read from the provider's prompt cache
 * @param cacheWriteTokens input tokens written to the provider's prompt cache
 * @param cacheWrite1hTokens those of the cache writes kept for one hour (Anthropic's
 * {@code ephemeral_1h_input_tokens}), priced at their own rate
 * @param reasoningTokens output tokens spent on reasoning
 * @param tokensEstimated whether the counts were estimated rather than reported
 * @since 0.1.0
 */
public record CallTokens(@Nullable Long promptTokens, @Nullable Long completionTokens, @Nullable Long totalTokens,
		@Nullable Long cachedTokens, @Nullable Long cacheWriteTokens, @Nullable Long cacheWrite1hTokens,
		@Nullable Long reasoningTokens, boolean tokensEstimated) {

	/** No counts: the provider reported none. */
	public static final CallTokens NONE = new CallTokens(null, null, null, null, null, null, false);

	/**
	 * Counts without one-hour cache writes.
	 * @param promptTokens input tokens, cached ones included
	 * @param completionTokens output tokens, reasoning ones included
	 * @param totalTokens total tokens as the provider reports them
	 * @param cachedTokens input tokens read from the provider's prompt cache
	 * @param cacheWriteTokens input tokens written to the provider's prompt cache
	 * @param reasoningTokens output tokens spent on reasoning
	 * @param tokensEstimated whether the counts were estimated rather than reported
	 */
	public CallTokens(@Nullable Long promptTokens, @Nullable Long completionTokens, @Nullable Long totalTokens,
			@Nullable Long cachedTokens, @Nullable Long cacheWriteTokens, @Nullable Long reasoningTokens,
			boolean tokensEstimated) {
		this(promptTokens, completionTokens, totalTokens, cachedTokens, cacheWriteTokens, null, reasoningTokens,
				tokensEstimated);
	}

	/**
	 * Return a copy that says how many of the cache writes are kept for one hour.
	 * @param cacheWrite1hTokens the count, or {@code null}
	 * @return the copy
	 */
	public CallTokens withCacheWrite1h(@Nullable Long cacheWrite1hTokens) {
		return new CallTokens(this.promptTokens, this.completionTokens, this.totalTokens, this.cachedTokens,
				this.cacheWriteTokens, cacheWrite1hTokens, this.reasoningTokens, this.tokensEstimated);
	}

	/**
	 * Counts as a provider reported them; the total is the sum of the parts when only
	 * they are reported.
	 * @param promptTokens input tokens
	 * @param completionTokens output tokens
	 * @param totalTokens total tokens, or {@code null}
	 * @param cachedTokens cached input tokens
	 * @param cacheWriteTokens input tokens written to the cache
	 * @param reasoningTokens reasoning tokens
	 * @return the counts
	 */
	public static CallTokens reported(@Nullable Long promptTokens, @Nullable Long completionTokens,
			@Nullable Long totalTokens, @Nullable Long cachedTokens, @Nullable Long cacheWriteTokens,
			@Nullable Long reasoningTokens) {
		Long total = (totalTokens == null && promptTokens != null && completionTokens != null)
				? Long.valueOf(promptTokens + completionTokens) : totalTokens;
		return new CallTokens(promptTokens, completionTokens, total, cachedTokens, cacheWriteTokens, reasoningTokens,
				false);
	}

	/**
	 * Counts estimated by llm-monitor where the provider reported none.
	 * @param promptTokens estimated input tokens, or {@code null} when the prompt is not
	 * known
	 * @param completionTokens estimated output tokens, or {@code null} for an operation
	 * without output (embeddings)
	 * @return the counts, marked as estimated
	 */
	public static CallTokens estimated(@Nullable Long promptTokens, @Nullable Long completionTokens) {
		long total = ((promptTokens != null) ? promptTokens : 0) + ((completionTokens != null) ? completionTokens : 0);
		return new CallTokens(promptTokens, completionTokens, total, null, null, null, true);
	}

	/**
	 * Whether the call has input or output counts, reported or estimated.
	 * @return {@code true} when there is something to price
	 */
	public boolean counted() {
		return this.promptTokens != null || this.completionTokens != null;
	}

}
