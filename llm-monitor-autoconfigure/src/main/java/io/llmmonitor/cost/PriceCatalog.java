package io.llmmonitor.cost;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Prices of models, looked up by provider and model name. Starts from the built-in
 * catalog (generated from a dated LiteLLM price list, see {@value #BUILT_IN_LOCATION}),
 * with configured prices layered over it and aliases for names that are not model names.
 * <p>
 * A name is matched exactly first, then with the provider's prefix
 * ({@code azure/gpt-4o}), then without a vendor prefix ({@code openai/gpt-4o}), a
 * fine-tune wrapper ({@code ft:gpt-4o-mini-2024-07-18:org::id}), a version suffix
 * ({@code gpt-3.5-turbo-instruct:20230824-v2}) or a date suffix
 * ({@code gpt-4o-2024-08-06}, {@code claude-3-7-sonnet-20250219}).
 *
 * @since 0.1.0
 */
public final class PriceCatalog {

	/** Classpath location of the built-in catalog. */
	public static final String BUILT_IN_LOCATION = "io/llmmonitor/cost/model-prices.tsv";

	private static final Pattern DATE_SUFFIX = Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{8}|\\d{4}|latest)$");

	private static final Map<String, String> PROVIDER_PREFIXES = Map.of("azure", "azure/", "mistral", "mistral/",
			"groq", "groq/", "deepseek", "deepseek/", "openrouter", "openrouter/", "together", "together_ai/", "gemini",
			"gemini/", "anthropic", "anthropic/");

	private static final int MAX_CACHED_LOOKUPS = 4096;

	private final Map<String, ModelPrice> prices;

	private final Map<String, ModelPrice> configured;

	private final Map<String, String> aliases;

	private final Map<String, Optional<ModelPrice>> lookups = new ConcurrentHashMap<>();

	private PriceCatalog(Map<String, ModelPrice> prices, Map<String, ModelPrice> configured,
			Map<String, String> aliases) {
		this.prices = prices;
		this.configured = configured;
		this.aliases = aliases;
	}

	/**
	 * Return the built-in catalog.
	 * @return the catalog
	 */
	public static PriceCatalog builtIn() {
		return new PriceCatalog(load(), Map.of(), Map.of());
	}

	/**
	 * Return an empty catalog.
	 * @return the catalog
	 */
	public static PriceCatalog empty() {
		return new PriceCatalog(Map.of(), Map.of(), Map.of());
	}

	/**
	 * Return a catalog with the given prices layered over this one's. Configured prices
	 * win over built-in ones wherever a name matches them (so a price for {@code gpt-4o}
	 * also prices {@code gpt-4o-2024-08-06}); a configured price that leaves a rate unset
	 * keeps the built-in rate of that model.
	 * @param overrides prices by model name, each rate nullable
	 * @return the new catalog
	 * @throws IllegalArgumentException if a new model lacks an input or output rate
	 */
	public PriceCatalog withPrices(Map<String, PartialPrice> overrides) {
		Map<String, ModelPrice> merged = new HashMap<>(this.configured);
		overrides.forEach((name, price) -> {
			String key = normalize(name);
			ModelPrice base = merged.containsKey(key) ? merged.get(key) : this.prices.get(key);
			BigDecimal input = pick(price.input(), (base != null) ? base.input() : null);
			BigDecimal output = pick(price.output(), (base != null) ? base.output() : null);
			if (input == null || output == null) {
				throw new IllegalArgumentException("llm.monitor.pricing.models[" + name
						+ "] is not in the built-in catalog, so it needs both 'input' and 'output' (USD per 1M tokens)");
			}
			merged.put(key,
					new ModelPrice(input, output, pick(price.cachedInput(), (base != null) ? base.cachedInput() : null),
							pick(price.cacheWrite(), (base != null) ? base.cacheWrite() : null),
							pick(price.cacheWrite1h(), (base != null) ? base.cacheWrite1h() : null),
							pick(price.reasoning(), (base != null) ? base.reasoning() : null)));
		});
		return new PriceCatalog(this.prices, merged, this.aliases);
	}

	/**
	 * Return a catalog that prices each alias as its target model.
	 * @param aliases target model by alias
	 * @return the new catalog
	 */
	public PriceCatalog withAliases(Map<String, String> aliases) {
		Map<String, String> merged = new HashMap<>(this.aliases);
		aliases.forEach((alias, target) -> merged.put(normalize(alias), target));
		return new PriceCatalog(this.prices, this.configured, merged);
	}

	/**
	 * Find the price of a model.
	 * @param provider the provider, used to try its own catalog entries first
	 * @param model the model name as the provider or the request gave it
	 * @return the price, or empty when the model is unknown
	 */
	public Optional<ModelPrice> find(@Nullable String provider, @Nullable String model) {
		if (model == null || model.isBlank()) {
			return Optional.empty();
		}
		String key = (provider != null) ? provider + '\u0000' + model : model;
		Optional<ModelPrice> cached = this.lookups.get(key);
		if (cached != null) {
			return cached;
		}
		Optional<ModelPrice> found = Optional.ofNullable(resolve(provider, model));
		if (this.lookups.size() < MAX_CACHED_LOOKUPS) {
			this.lookups.put(key, found);
		}
		return found;
	}

	/**
	 * Number of models in the catalog.
	 * @return the size
	 */
	public int size() {
		return this.prices.size() + this.configured.size();
	}

	private @Nullable ModelPrice resolve(@Nullable String provider, String model) {
		String name = normalize(model);
		String alias = this.aliases.get(name);
		if (alias != null) {
			name = normalize(alias);
		}
		String prefix = (provider != null) ? PROVIDER_PREFIXES.get(provider.toLowerCase(Locale.ROOT)) : null;
		Set<String> candidates = candidates(name);
		for (String candidate : candidates) {
			ModelPrice price = this.configured.get(candidate);
			if (price != null) {
				return price;
			}
		}
		for (String candidate : candidates) {
			if (prefix != null) {
				ModelPrice price = this.prices.get(prefix + candidate);
				if (price != null) {
					return price;
				}
			}
			ModelPrice price = this.prices.get(candidate);
			if (price != null) {
				return price;
			}
		}
		return null;
	}

	private static Set<String> candidates(String name) {
		Set<String> names = new LinkedHashSet<>();
		names.add(name);
		if (name.startsWith("ft:")) {
			int end = name.indexOf(':', 3);
			names.add((end > 0) ? name.substring(3, end) : name.substring(3));
		}
		for (String each : Set.copyOf(names)) {
			int slash = each.lastIndexOf('/');
			if (slash >= 0 && slash < each.length() - 1) {
				names.add(each.substring(slash + 1));
			}
		}
		for (String each : Set.copyOf(names)) {
			int colon = each.indexOf(':');
			if (colon > 0) {
				names.add(each.substring(0, colon));
			}
		}
		for (String each : Set.copyOf(names)) {
			String undated = DATE_SUFFIX.matcher(each).replaceFirst("");
			if (!undated.equals(each)) {
				names.add(undated);
			}
		}
		return names;
	}

	private static String normalize(String name) {
		return name.trim().toLowerCase(Locale.ROOT);
	}

	private static @Nullable BigDecimal pick(@Nullable BigDecimal preferred, @Nullable BigDecimal fallback) {
		return (preferred != null) ? preferred : fallback;
	}

	private static Map<String, ModelPrice> load() {
		ClassLoader classLoader = PriceCatalog.class.getClassLoader();
		try (InputStream in = classLoader.getResourceAsStream(BUILT_IN_LOCATION)) {
			Assert.state(in != null, () -> "Built-in price catalog " + BUILT_IN_LOCATION + " is missing");
			Map<String, ModelPrice> prices = new HashMap<>();
			BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.isEmpty() || line.startsWith("#")) {
					continue;
				}
				String[] columns = line.split("\t", -1);
				BigDecimal input = decimal(columns[3]);
				BigDecimal output = decimal(columns[4]);
				prices.put(normalize(columns[0]),
						new ModelPrice((input != null) ? input : BigDecimal.ZERO,
								(output != null) ? output : BigDecimal.ZERO, decimal(columns[5]), decimal(columns[6]),
								decimal(columns[7]), decimal(columns[8])));
			}
			return Map.copyOf(prices);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Unable to read the built-in price catalog", ex);
		}
	}

	private static @Nullable BigDecimal decimal(String text) {
		return text.isEmpty() ? null : new BigDecimal(text);
	}

	/**
	 * A configured price whose rates may each be unset.
	 *
	 * @param input price of an uncached input token
	 * @param output price of an output token
	 * @param cachedInput price of a cached input token
	 * @param cacheWrite price of an input token written to the cache
	 * @param cacheWrite1h price of an input token written to the cache for one hour
	 * @param reasoning price of a reasoning token
	 */
	public record PartialPrice(@Nullable BigDecimal input, @Nullable BigDecimal output,
			@Nullable BigDecimal cachedInput, @Nullable BigDecimal cacheWrite, @Nullable BigDecimal cacheWrite1h,
			@Nullable BigDecimal reasoning) {

		/**
		 * A configured price without a one-hour cache write rate.
		 * @param input price of an uncached input token
		 * @param output price of an output token
		 * @param cachedInput price of a cached input token
		 * @param cacheWrite price of an input token written to the cache
		 * @param reasoning price of a reasoning token
		 */
		public PartialPrice(@Nullable BigDecimal input, @Nullable BigDecimal output, @Nullable BigDecimal cachedInput,
				@Nullable BigDecimal cacheWrite, @Nullable BigDecimal reasoning) {
			this(input, output, cachedInput, cacheWrite, null, reasoning);
		}

	}

}
