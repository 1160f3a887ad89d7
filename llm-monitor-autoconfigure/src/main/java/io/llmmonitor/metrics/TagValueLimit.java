package io.llmmonitor.metrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

/**
 * At most a fixed number of distinct values per tag key: the first values a key meets are
 * kept, later ones become {@value #OTHER}. Model names, projects and tag attributes come
 * from clients; without a cap each new value adds series to every scrape.
 */
final class TagValueLimit {

	/** The value that tag values past the cap become. */
	static final String OTHER = "other";

	static final String FOLDED = "llm.monitor.meter.tags.folded";

	private final MeterRegistry registry;

	private final int maxValues;

	private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();

	private final Map<String, Counter> folded = new ConcurrentHashMap<>();

	TagValueLimit(MeterRegistry registry, int maxValues) {
		this.registry = registry;
		this.maxValues = maxValues;
	}

	// The tags with values past the cap folded; counted when count is true (once a
	// call).
	Tags apply(Tags tags, boolean count) {
		Tags limited = tags;
		for (Tag tag : tags) {
			if (!admits(tag.getKey(), tag.getValue())) {
				limited = limited.and(tag.getKey(), OTHER);
				if (count) {
					this.folded.computeIfAbsent(tag.getKey(), this::foldedCounter).increment();
				}
			}
		}
		return limited;
	}

	private boolean admits(String key, String value) {
		Set<String> values = this.seen.computeIfAbsent(key, (name) -> ConcurrentHashMap.newKeySet());
		if (values.contains(value)) {
			return true;
		}
		synchronized (values) {
			return values.contains(value) || (values.size() < this.maxValues && values.add(value));
		}
	}

	private Counter foldedCounter(String key) {
		return Counter.builder(FOLDED)
			.description("LLM calls whose value of a meter tag was past the cap on distinct values and became "
					+ "'other' in the meters (records keep the value)")
			.tag("tag", key)
			.register(this.registry);
	}

}
