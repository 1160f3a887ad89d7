package io.llmmonitor.cost;

import java.math.BigDecimal;
import java.util.Map;

import io.llmmonitor.record.CallTokens;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cost of calls from their tokens, each token priced once at its own rate.
 */
class CostCalculatorTests {

	private final CostCalculator calculator = new CostCalculator(PriceCatalog.empty()
		.withPrices(Map.of("model-a",
				new PriceCatalog.PartialPrice(new BigDecimal("2"), new BigDecimal("8"), new BigDecimal("0.5"),
						new BigDecimal("2.5"), new BigDecimal("12")),
				"model-b", new PriceCatalog.PartialPrice(new BigDecimal("1"), new BigDecimal("4"), null, null, null),
				"model-c", new PriceCatalog.PartialPrice(new BigDecimal("3"), new BigDecimal("15"),
						new BigDecimal("0.3"), new BigDecimal("3.75"), new BigDecimal("6"), null))));

	@Test
	void pricesInputAndOutputTokens() {
		assertThat(cost("model-b", 1_000_000L, 500_000L, null, null, null)).isEqualByComparingTo("3");
	}

	@Test
	void cachedCacheWriteAndReasoningTokensArePricedAtTheirOwnRatesAndOnlyOnce() {
		// 1000 prompt tokens = 600 uncached + 300 cached + 100 written; 500 completion =
		// 200 + 300 reasoning
		BigDecimal cost = cost("model-a", 1000L, 500L, 300L, 100L, 300L);

		BigDecimal expected = new BigDecimal(600 * 2 + 300 * 0.5 + 100 * 2.5 + 200 * 8 + 300 * 12).movePointLeft(6);
		assertThat(cost).isEqualByComparingTo(expected);
	}

	@Test
	void inputAndOutputCostsAddUpToTheCost() {
		CallCosts costs = this.calculator.costs("openai", "model-a",
				new CallTokens(1000L, 500L, null, 300L, 100L, 300L, false));

		assertThat(costs.input())
			.isEqualByComparingTo(new BigDecimal(600 * 2 + 300 * 0.5 + 100 * 2.5).movePointLeft(6));
		assertThat(costs.output()).isEqualByComparingTo(new BigDecimal(200 * 8 + 300 * 12).movePointLeft(6));
		assertThat(costs.input().add(costs.output())).isEqualByComparingTo(costs.total());
	}

	@Test
	void missingRatesFallBackToInputAndOutputRates() {
		assertThat(cost("model-b", 1000L, 500L, 400L, null, 100L))
			.isEqualByComparingTo(new BigDecimal(1000 * 1 + 500 * 4).movePointLeft(6));
	}

	@Test
	void oneHourCacheWritesArePricedAtTheirRateAndTheRestAtTheFiveMinuteRate() {
		// 1000 prompt tokens = 100 uncached + 500 cached + 400 written, 300 of them for
		// one hour
		CallTokens tokens = new CallTokens(1000L, 10L, null, 500L, 400L, 300L, null, false);

		assertThat(this.calculator.cost("anthropic", "model-c", tokens)).isEqualByComparingTo(
				new BigDecimal(100 * 3 + 500 * 0.3 + 100 * 3.75 + 300 * 6 + 10 * 15).movePointLeft(6));
		assertThat(this.calculator.cost("anthropic", "model-a", tokens)).as("no one-hour rate: the cache-write rate")
			.isEqualByComparingTo(new BigDecimal(100 * 2 + 500 * 0.5 + 400 * 2.5 + 10 * 8).movePointLeft(6));
	}

	@Test
	void builtInAnthropicPricesHoldTheOneHourCacheWriteRate() {
		ModelPrice sonnet = PriceCatalog.builtIn().find("anthropic", "claude-sonnet-4-5-20250929").orElseThrow();
		assertThat(sonnet.cacheWriteRate()).isEqualByComparingTo("3.75");
		assertThat(sonnet.cacheWrite1hRate()).isEqualByComparingTo("6");
		ModelPrice gpt = PriceCatalog.builtIn().find("openai", "gpt-4o").orElseThrow();
		assertThat(gpt.cacheWrite1h()).isNull();
	}

	@Test
	void unknownModelAndCallsWithoutTokensHaveNoCost() {
		assertThat(cost("model-z", 10L, 10L, null, null, null)).isNull();
		assertThat(cost("model-a", null, null, null, null, null)).isNull();
	}

	@Test
	void costIsPlainDecimal() {
		assertThat(cost("model-b", 10L, 0L, null, null, null).toPlainString()).isEqualTo("0.00001");
		assertThat(cost("model-b", 10_000_000L, 0L, null, null, null).toString()).isEqualTo("10");
	}

	private BigDecimal cost(String model, Long prompt, Long completion, Long cached, Long cacheWrite, Long reasoning) {
		return this.calculator.cost("openai", model,
				new CallTokens(prompt, completion, null, cached, cacheWrite, reasoning, false));
	}

}
