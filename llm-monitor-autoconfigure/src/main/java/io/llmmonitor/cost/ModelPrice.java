package io.llmmonitor.cost;

import java.math.BigDecimal;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Price of a model in USD per 1M tokens. Optional rates fall back to the input rate
 * (cached input, cache write) or the output rate (reasoning).
 *
 * @param input price of an uncached input token
 * @param output price of an output token
 * @param cachedInput price of an input token read from the prompt cache
 * @param cacheWrite price of an input token written to the prompt cache (for Anthropic,
 * with the default five-minute lifetime)
 * @param cacheWrite1h price of an input token written to the prompt cache for one hour
 * (Anthropic's {@code ephemeral_1h_input_tokens})
 * @param reasoning price of a reasoning token
 * @since 0.1.0
 */
public record ModelPrice(BigDecimal input, BigDecimal output, @Nullable BigDecimal cachedInput,
		@Nullable BigDecimal cacheWrite, @Nullable BigDecimal cacheWrite1h, @Nullable BigDecimal reasoning) {

	public ModelPrice {
		Assert.notNull(input, "'input' must not be null");
		Assert.notNull(output, "'output' must not be null");
	}

	/**
	 * Create a price without a one-hour cache write rate.
	 * @param input price of an uncached input token
	 * @param output price of an output token
	 * @param cachedInput price of an input token read from the prompt cache
	 * @param cacheWrite price of an input token written to the prompt cache
	 * @param reasoning price of a reasoning token
	 */
	public ModelPrice(BigDecimal input, BigDecimal output, @Nullable BigDecimal cachedInput,
			@Nullable BigDecimal cacheWrite, @Nullable BigDecimal reasoning) {
		this(input, output, cachedInput, cacheWrite, null, reasoning);
	}

	/**
	 * Create a price with input and output rates only.
	 * @param input price of an input token
	 * @param output price of an output token
	 * @return the price
	 */
	public static ModelPrice of(String input, String output) {
		return new ModelPrice(new BigDecimal(input), new BigDecimal(output), null, null, null, null);
	}

	/**
	 * Rate of a cached input token.
	 * @return the cached input rate, else the input rate
	 */
	public BigDecimal cachedInputRate() {
		return (this.cachedInput != null) ? this.cachedInput : this.input;
	}

	/**
	 * Rate of an input token written to the cache.
	 * @return the cache write rate, else the input rate
	 */
	public BigDecimal cacheWriteRate() {
		return (this.cacheWrite != null) ? this.cacheWrite : this.input;
	}

	/**
	 * Rate of an input token written to the cache for one hour.
	 * @return the one-hour cache write rate, else the cache write rate
	 */
	public BigDecimal cacheWrite1hRate() {
		return (this.cacheWrite1h != null) ? this.cacheWrite1h : cacheWriteRate();
	}

	/**
	 * Rate of a reasoning token.
	 * @return the reasoning rate, else the output rate
	 */
	public BigDecimal reasoningRate() {
		return (this.reasoning != null) ? this.reasoning : this.output;
	}

}
