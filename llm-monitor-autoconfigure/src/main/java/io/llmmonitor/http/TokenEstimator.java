package io.llmmonitor.http;

import org.jspecify.annotations.Nullable;

/**
 * Counts tokens of text a provider did not report usage for (a stream without a usage
 * chunk). Records whose tokens come from here are marked {@code tokensEstimated}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface TokenEstimator {

	/**
	 * Count the tokens of a text as the given model's tokenizer would.
	 * @param model the model, or {@code null} when unknown
	 * @param text the text
	 * @return the number of tokens
	 */
	long count(@Nullable String model, String text);

}
