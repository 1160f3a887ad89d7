package io.llmmonitor.record;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What usage totals are grouped by.
 *
 * @param dimension the dimension
 * @param attributeName the attribute name when grouping by an attribute
 * @since 0.1.0
 */
public record LlmUsageGrouping(Dimension dimension, @Nullable String attributeName) {

	public LlmUsageGrouping {
		Assert.isTrue((dimension == Dimension.ATTRIBUTE) == (attributeName != null),
				"An attribute name is required exactly when grouping by attribute");
	}

	/**
	 * Group by one of the call's own columns.
	 * @param dimension the dimension, not {@link Dimension#ATTRIBUTE}
	 * @return the grouping
	 */
	public static LlmUsageGrouping by(Dimension dimension) {
		return new LlmUsageGrouping(dimension, null);
	}

	/**
	 * Group by the value of an attribute.
	 * @param name the attribute name
	 * @return the grouping
	 */
	public static LlmUsageGrouping byAttribute(String name) {
		return new LlmUsageGrouping(Dimension.ATTRIBUTE, name);
	}

	/**
	 * Dimensions usage can be grouped by.
	 */
	public enum Dimension {

		/** Nothing: one group, {@code all}. */
		NONE,
		/** Served model (else requested). */
		MODEL,
		/** Provider. */
		PROVIDER,
		/** Project. */
		PROJECT,
		/** Operation. */
		OPERATION,
		/** Capture point: advisor, http or proxy. */
		SOURCE,
		/** Value of one attribute. */
		ATTRIBUTE

	}

}
