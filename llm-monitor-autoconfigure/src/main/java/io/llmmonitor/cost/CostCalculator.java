package io.llmmonitor.cost;

import java.math.BigDecimal;
import io.llmmonitor.record.LlmCall;
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
	 * Return the cost of the call in USD.
	 * @param call the call
	 * @return the cost, or {@code null} when the call reports no tokens or its model (the
	 * served one, else the requested one) has no known price
	 */
	public @Nullable BigDecimal cost(LlmCall call) {
		if (call.promptTokens() == null && call.completionTokens() == null) {
			return null;
		}
		return this.catalog.find(call.provider(), call.effectiveModel()).map((price) -> cost(price, call)).orElse(null);
	}

	private static BigDecimal cost(ModelPrice price, LlmCall call) {
		long prompt = orZero(call.promptTokens());
		long completion = orZero(call.completionTokens());
		long cached = Math.min(orZero(call.cachedTokens()), prompt);
		long cacheWrite = Math.min(orZero(call.cacheWriteTokens()), prompt - cached);
		long reasoning = Math.min(orZero(call.reasoningTokens()), completion);
		BigDecimal perMillion = price.input()
			.multiply(BigDecimal.valueOf(prompt - cached - cacheWrite))
			.add(price.cachedInputRate().multiply(BigDecimal.valueOf(cached)))
			.add(price.cacheWriteRate().multiply(BigDecimal.valueOf(cacheWrite)))
			.add(price.output().multiply(BigDecimal.valueOf(completion - reasoning)))
			.add(price.reasoningRate().multiply(BigDecimal.valueOf(reasoning)));
		return UsdAmounts.normalize(perMillion.movePointLeft(6));
	}

	private static long orZero(@Nullable Long value) {
		return (value != null) ? value : 0;
	}

}
