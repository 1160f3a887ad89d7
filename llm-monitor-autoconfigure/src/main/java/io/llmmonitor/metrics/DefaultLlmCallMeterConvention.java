package io.llmmonitor.metrics;

import java.util.List;

import io.llmmonitor.record.LlmCall;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

/**
 * The default tags of a call's meters: {@code provider}, {@code model} (served, else
 * requested), {@code project} and {@code source} on every meter but
 * {@code llm.cost.unpriced} (provider and model only); {@code operation} on requests,
 * latency and tokens; {@code outcome} on requests and latency; and each attribute named
 * in {@code llm.monitor.metrics.tag-attributes} ({@value #NONE} where a call lacks it).
 *
 * @since 0.1.0
 */
public class DefaultLlmCallMeterConvention implements LlmCallMeterConvention {

	/** Value of a tag the call has no value for. */
	public static final String NONE = "none";

	private final List<String> tagAttributes;

	/**
	 * Create the convention.
	 * @param tagAttributes attribute names that become tags
	 */
	public DefaultLlmCallMeterConvention(List<String> tagAttributes) {
		this.tagAttributes = List.copyOf(tagAttributes);
	}

	@Override
	public Tags requestTags(LlmCall call) {
		return tags(call, true, true);
	}

	@Override
	public Tags tokenTags(LlmCall call) {
		return tags(call, true, false);
	}

	@Override
	public Tags costTags(LlmCall call) {
		return tags(call, false, false);
	}

	@Override
	public Tags timeToFirstTokenTags(LlmCall call) {
		return costTags(call);
	}

	@Override
	public Tags unpricedTags(LlmCall call) {
		return Tags.of("provider", call.origin().provider(), "model", model(call));
	}

	private Tags tags(LlmCall call, boolean withOperation, boolean withOutcome) {
		int size = 5 + this.tagAttributes.size() + (withOperation ? 1 : 0) + (withOutcome ? 1 : 0);
		Tag[] tags = new Tag[size];
		int i = 0;
		String environment = call.origin().environment();
		tags[i++] = Tag.of("environment", (environment != null) ? environment : NONE);
		tags[i++] = Tag.of("provider", call.origin().provider());
		tags[i++] = Tag.of("model", model(call));
		tags[i++] = Tag.of("project", call.project());
		tags[i++] = Tag.of("source", call.origin().source().value());
		if (withOperation) {
			tags[i++] = Tag.of("operation", call.request().operation().value());
		}
		if (withOutcome) {
			tags[i++] = Tag.of("outcome", call.outcome().status().value());
		}
		for (String name : this.tagAttributes) {
			String value = call.context().attributes().get(name);
			tags[i++] = Tag.of(name, (value != null) ? value : NONE);
		}
		return Tags.of(tags);
	}

	private static String model(LlmCall call) {
		String model = call.effectiveModel();
		return (model != null) ? model : NONE;
	}

}
