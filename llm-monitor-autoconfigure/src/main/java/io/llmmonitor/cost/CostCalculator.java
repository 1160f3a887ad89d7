package io.llmmonitor.cost;

import java.math.BigDecimal;

import io.llmmonitor.record.CallTokens;
import io.llmmonitor.record.UsdAmounts;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Computes the cost of a call from its token counts and its model's price. Counting
 * follows OpenAI's: cached and cache-write tokens are part of the prompt tokens and are
 * priced at their own rates instead of the input rate; reasoning tokens are part of the
 * completion tokens and are priced at the reasoning rate instead of the output rate. No
 * token is priced twice.
 *
 * @since 0.1.0
 */
public class CostCalculator {

	private final PriceCatalog catalog;

	/**
	 * Create a calculator over the given catalog.
	 * @param catalog the catalog
	 */
	public CostCalculator(PriceCatalog catalog) {
		Assert.notNull(catalog, "'catalog' must not be null");
		this.catalog = catalog;
	}

	/**
	 * Return the cost of a call in USD.
	 * @param provider the provider that served the call
	 * @param model the model used for pricing (the served one, else the requested one)
	 * @param tokens the call's token counts
	 * @return the cost, or {@code null} when the call counted no tokens or the model has
	 * no known price
	 */
	public @Nullable BigDecimal cost(@Nullable String provider, @Nullable String model, CallTokens tokens) {
		CallCosts costs = costs(provider, model, tokens);
		return (costs != null) ? costs.total() : null;
	}

	/**
	 * Return the cost of a call in USD, and what its input and its output cost.
	 * @param provider the provider that served the call
	 * @param model the model used for pricing (the served one, else the requested one)
	 * @param tokens the call's token counts
	 * @return the costs, or {@code null} when the call counted no tokens or the model has
	 * no known price
	 */
	public @Nullable CallCosts costs(@Nullable String provider, @Nullable String model, CallTokens tokens) {
		if (!tokens.counted()) {
			return null;
		}
		return this.catalog.find(provider, model).map((price) -> costs(price, tokens)).orElse(null);
	}

	private static CallCosts costs(ModelPrice price, CallTokens tokens) {
		long prompt = orZero(tokens.promptTokens());
		long completion = orZero(tokens.completionTokens());
		long cached = Math.min(orZero(tokens.cachedTokens()), prompt);
		long cacheWrite = Math.min(orZero(tokens.cacheWriteTokens()), prompt - cached);
		long cacheWrite1h = Math.min(orZero(tokens.cacheWrite1hTokens()), cacheWrite);
		long reasoning = Math.min(orZero(tokens.reasoningTokens()), completion);
		BigDecimal input = price.input()
			.multiply(BigDecimal.valueOf(prompt - cached - cacheWrite))
			.add(price.cachedInputRate().multiply(BigDecimal.valueOf(cached)))
			.add(price.cacheWriteRate().multiply(BigDecimal.valueOf(cacheWrite - cacheWrite1h)))
			.add(price.cacheWrite1hRate().multiply(BigDecimal.valueOf(cacheWrite1h)));
		BigDecimal output = price.output()
			.multiply(BigDecimal.valueOf(completion - reasoning))
			.add(price.reasoningRate().multiply(BigDecimal.valueOf(reasoning)));
		return new CallCosts(usd(input.add(output)), usd(input), usd(output));
	}

	// USD per 1M tokens times tokens, in USD
	private static BigDecimal usd(BigDecimal perMillion) {
		return UsdAmounts.normalize(perMillion.movePointLeft(6));
	}

	private static long orZero(@Nullable Long value) {
		return (value != null) ? value : 0;
	}

}
