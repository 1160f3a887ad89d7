package io.llmmonitor.cost;

import java.math.BigDecimal;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Matching model names against the built-in price catalog.
 */
class PriceCatalogTests {

	private final PriceCatalog catalog = PriceCatalog.builtIn();

	@Test
	void builtInCatalogHasTheGeneratedModels() {
		assertThat(this.catalog.size()).isGreaterThan(700);
		ModelPrice gpt4o = this.catalog.find("openai", "gpt-4o").orElseThrow();
		assertThat(gpt4o.input()).isEqualByComparingTo("2.5");
		assertThat(gpt4o.output()).isEqualByComparingTo("10");
		assertThat(gpt4o.cachedInput()).isEqualByComparingTo("1.25");
	}

	@Test
	void datedSnapshotsMatchTheirModel() {
		assertThat(this.catalog.find("openai", "gpt-4o-mini-2024-07-18")).contains(price("gpt-4o-mini"));
		assertThat(this.catalog.find("openai", "o3-mini-2025-01-31")).contains(price("o3-mini"));
	}

	@Test
	void providerPrefixesAreHandled() {
		assertThat(this.catalog.find("openai-compatible", "openai/gpt-4o")).contains(price("gpt-4o"));
		assertThat(this.catalog.find("azure", "gpt-4o")).contains(price("azure/gpt-4o"));
		assertThat(this.catalog.find("deepseek", "deepseek-reasoner")).isPresent();
	}

	@Test
	void fineTunesAndVersionSuffixesMatchTheirBaseModel() {
		assertThat(this.catalog.find("openai", "ft:gpt-4o-mini-2024-07-18:acme::9abc")).isPresent();
		assertThat(this.catalog.find("openai", "gpt-3.5-turbo-instruct:20230824-v2"))
			.contains(price("gpt-3.5-turbo-instruct"));
	}

	@Test
	void unknownModelsHaveNoPrice() {
		assertThat(this.catalog.find("ollama", "qwen3:0.6b")).isEmpty();
		assertThat(this.catalog.find("vllm", "deepseek-ai/DeepSeek-R1-Distill-Qwen-1.5B")).isEmpty();
		assertThat(this.catalog.find("openai", null)).isEmpty();
		assertThat(this.catalog.find("openai", " ")).isEmpty();
	}

	@Test
	void aliasesPriceANameAsAnotherModel() {
		PriceCatalog withAlias = this.catalog.withAliases(Map.of("my-prod-deployment", "gpt-4o-mini"));

		assertThat(withAlias.find("azure", "my-prod-deployment")).contains(price("azure/gpt-4o-mini"));
		assertThat(withAlias.find("openai", "my-prod-deployment")).contains(price("gpt-4o-mini"));
	}

	@Test
	void configuredPricesOverrideAndAddModels() {
		PriceCatalog configured = this.catalog.withPrices(Map.of("gpt-4o",
				new PriceCatalog.PartialPrice(new BigDecimal("2"), null, null, null, null), "in-house-model",
				new PriceCatalog.PartialPrice(new BigDecimal("0.1"), new BigDecimal("0.2"), null, null, null)));

		ModelPrice gpt4o = configured.find("openai", "gpt-4o-2024-08-06").orElseThrow();
		assertThat(gpt4o.input()).isEqualByComparingTo("2");
		assertThat(gpt4o.output()).isEqualByComparingTo("10");
		assertThat(configured.find("openai-compatible", "In-House-Model")).isPresent();
	}

	@Test
	void newModelsNeedInputAndOutputPrices() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.catalog.withPrices(
					Map.of("mystery", new PriceCatalog.PartialPrice(new BigDecimal("1"), null, null, null, null))))
			.withMessageContaining("mystery");
	}

	private ModelPrice price(String model) {
		return this.catalog.find(null, model).orElseThrow();
	}

}
