package io.llmmonitor.metrics;

import java.util.function.UnaryOperator;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

/**
 * Tag values made safe for a meter: redacted (model, project and attributes come from
 * clients and may hold secrets), then capped in number per key ({@link TagValueLimit}).
 */
final class SafeTags {

	private final TagValueLimit limit;

	private final UnaryOperator<String> redactor;

	SafeTags(MeterRegistry registry, int maxTagValues, UnaryOperator<String> redactor) {
		this.limit = new TagValueLimit(registry, maxTagValues);
		this.redactor = redactor;
	}

	// The tags without secrets, with values past the cap folded; folds counted when
	// countFolded is true (once a call).
	@SuppressWarnings("ReferenceEquality") // the same instance: nothing was redacted
	Tags apply(Tags tags, boolean countFolded) {
		Tags safe = tags;
		for (Tag tag : tags) {
			String value = this.redactor.apply(tag.getValue());
			if (value != tag.getValue()) {
				safe = safe.and(tag.getKey(), value);
			}
		}
		return this.limit.apply(safe, countFolded);
	}

}
