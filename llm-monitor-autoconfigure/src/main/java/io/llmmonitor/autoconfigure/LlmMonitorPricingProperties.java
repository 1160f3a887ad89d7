package io.llmmonitor.autoconfigure;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Configuration properties of model prices, on top of the built-in catalog.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(LlmMonitorPricingProperties.CONFIG_PREFIX)
public class LlmMonitorPricingProperties {

	/** Prefix of the pricing properties. */
	public static final String CONFIG_PREFIX = "llm.monitor.pricing";

	/**
	 * Prices by model name, USD per 1M tokens; overrides the built-in catalog and adds
	 * models to it.
	 */
	private Map<String, Price> models = new LinkedHashMap<>();

	/**
	 * Model to price each alias as (an Azure deployment name, a fine-tune id).
	 */
	private Map<String, String> aliases = new LinkedHashMap<>();

	public Map<String, Price> getModels() {
		return this.models;
	}

	public void setModels(Map<String, Price> models) {
		this.models = models;
	}

	public Map<String, String> getAliases() {
		return this.aliases;
	}

	public void setAliases(Map<String, String> aliases) {
		this.aliases = aliases;
	}

	/**
	 * Price of one model, USD per 1M tokens.
	 */
	public static class Price {

		/**
		 * Price of an uncached input token, USD per 1M tokens.
		 */
		private @Nullable BigDecimal input;

		/**
		 * Price of an output token, USD per 1M tokens.
		 */
		private @Nullable BigDecimal output;

		/**
		 * Price of an input token read from the prompt cache, USD per 1M tokens.
		 */
		private @Nullable BigDecimal cachedInput;

		/**
		 * Price of an input token written to the prompt cache, USD per 1M tokens.
		 */
		private @Nullable BigDecimal cacheWrite;

		/**
		 * Price of an input token written to the prompt cache for one hour (Anthropic's
		 * 1-hour cache lifetime), USD per 1M tokens; unset, the cache-write price.
		 */
		private @Nullable BigDecimal cacheWrite1h;

		/**
		 * Price of a reasoning token, USD per 1M tokens.
		 */
		private @Nullable BigDecimal reasoning;

		public @Nullable BigDecimal getCacheWrite1h() {
			return this.cacheWrite1h;
		}

		public void setCacheWrite1h(@Nullable BigDecimal cacheWrite1h) {
			this.cacheWrite1h = checked("cache-write-1h", cacheWrite1h);
		}

		public @Nullable BigDecimal getInput() {
			return this.input;
		}

		public void setInput(@Nullable BigDecimal input) {
			this.input = checked("input", input);
		}

		public @Nullable BigDecimal getOutput() {
			return this.output;
		}

		public void setOutput(@Nullable BigDecimal output) {
			this.output = checked("output", output);
		}

		public @Nullable BigDecimal getCachedInput() {
			return this.cachedInput;
		}

		public void setCachedInput(@Nullable BigDecimal cachedInput) {
			this.cachedInput = checked("cached-input", cachedInput);
		}

		public @Nullable BigDecimal getCacheWrite() {
			return this.cacheWrite;
		}

		public void setCacheWrite(@Nullable BigDecimal cacheWrite) {
			this.cacheWrite = checked("cache-write", cacheWrite);
		}

		public @Nullable BigDecimal getReasoning() {
			return this.reasoning;
		}

		public void setReasoning(@Nullable BigDecimal reasoning) {
			this.reasoning = checked("reasoning", reasoning);
		}

		private static @Nullable BigDecimal checked(String name, @Nullable BigDecimal price) {
			Assert.isTrue(price == null || price.signum() >= 0, () -> "Price '" + name + "' must not be negative");
			return price;
		}

	}

}
