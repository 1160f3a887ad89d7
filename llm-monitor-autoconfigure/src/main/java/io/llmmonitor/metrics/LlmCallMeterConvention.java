package io.llmmonitor.metrics;

import io.llmmonitor.record.LlmCall;
import io.micrometer.core.instrument.Tags;

/**
 * The tags of the meters a call updates. Replace the default
 * ({@link DefaultLlmCallMeterConvention}) with a bean of this type to add, rename or drop
 * tags. Meters are kept per distinct set of {@link #requestTags request tags}: the tags
 * of the other meters must follow from the values those name (they are usually a subset
 * of them). Keep every value to a small set: each distinct value makes new series.
 *
 * @since 0.1.0
 */
public interface LlmCallMeterConvention {

	/**
	 * Tags of {@code llm.requests} and {@code llm.latency}.
	 * @param call the call
	 * @return the tags
	 */
	Tags requestTags(LlmCall call);

	/**
	 * Tags of {@code llm.tokens}, to which llm-monitor adds {@code type}.
	 * @param call the call
	 * @return the tags
	 */
	Tags tokenTags(LlmCall call);

	/**
	 * Tags of {@code llm.cost}.
	 * @param call the call
	 * @return the tags
	 */
	Tags costTags(LlmCall call);

	/**
	 * Tags of {@code llm.time.to.first.token}.
	 * @param call the call
	 * @return the tags
	 */
	Tags timeToFirstTokenTags(LlmCall call);

	/**
	 * Tags of {@code llm.cost.unpriced}.
	 * @param call the call
	 * @return the tags
	 */
	Tags unpricedTags(LlmCall call);

}
