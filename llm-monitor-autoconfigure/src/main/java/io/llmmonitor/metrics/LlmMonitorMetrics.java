package io.llmmonitor.metrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Updates llm-monitor's meters for each finished call, on the caller's thread. The meters
 * of one tag combination are looked up once and kept, so a call costs one map lookup and
 * a few increments.
 * <p>
 * Prometheus names: {@code llm_requests_total}, {@code llm_tokens_total},
 * {@code llm_cost_usd_total}, {@code llm_latency_seconds},
 * {@code llm_time_to_first_token_seconds}, {@code llm_cost_unpriced_total}.
 *
 * @since 0.1.0
 */
public class LlmMonitorMetrics implements LlmCallHandler {

	/** Requests, by provider, model, operation, outcome and project. */
	public static final String REQUESTS = "llm.requests";

	/** Tokens, by provider, model, operation, project and type. */
	public static final String TOKENS = "llm.tokens";

	/** Cost in USD, by provider, model and project. */
	public static final String COST = "llm.cost";

	/** Latency, by provider, model, operation, outcome and project. */
	public static final String LATENCY = "llm.latency";

	/** Time to the first content chunk of a stream, by provider, model and project. */
	public static final String TIME_TO_FIRST_TOKEN = "llm.time.to.first.token";

	/** Calls with tokens whose model has no known price, by provider and model. */
	public static final String COST_UNPRICED = "llm.cost.unpriced";

	static final String NONE = "none";

	private static final Duration[] LATENCY_BUCKETS = durations(100, 250, 500, 1_000, 2_000, 5_000, 10_000, 20_000,
			30_000, 60_000, 120_000);

	private static final Duration[] FIRST_TOKEN_BUCKETS = durations(50, 100, 250, 500, 1_000, 2_000, 5_000, 10_000,
			30_000);

	private final MeterRegistry registry;

	private final List<String> tagAttributes;

	private final Map<MeterKey, CallMeters> meters = new ConcurrentHashMap<>();

	/**
	 * Create the meters' owner.
	 * @param registry the registry
	 * @param tagAttributes attribute names that become meter tags
	 */
	public LlmMonitorMetrics(MeterRegistry registry, List<String> tagAttributes) {
		Assert.notNull(registry, "'registry' must not be null");
		this.registry = registry;
		this.tagAttributes = List.copyOf(tagAttributes);
	}

	@Override
	public void handle(LlmCall call) {
		CallMeters callMeters = this.meters.computeIfAbsent(key(call), this::register);
		callMeters.requests.increment();
		callMeters.latency.record(call.latencyMs(), TimeUnit.MILLISECONDS);
		if (call.timeToFirstTokenMs() != null) {
			callMeters.timeToFirstToken().record(call.timeToFirstTokenMs(), TimeUnit.MILLISECONDS);
		}
		increment(callMeters.inputTokens, call.promptTokens());
		increment(callMeters.outputTokens, call.completionTokens());
		increment(callMeters.cachedInputTokens, call.cachedTokens());
		increment(callMeters.cacheWriteTokens, call.cacheWriteTokens());
		increment(callMeters.reasoningTokens, call.reasoningTokens());
		if (call.costUsd() != null) {
			callMeters.cost.increment(call.costUsd().doubleValue());
		}
		else if (call.promptTokens() != null || call.completionTokens() != null) {
			callMeters.unpriced.increment();
		}
	}

	private static void increment(Counter counter, @Nullable Long value) {
		if (value != null && value > 0) {
			counter.increment(value);
		}
	}

	private MeterKey key(LlmCall call) {
		String[] attributes = new String[this.tagAttributes.size()];
		for (int i = 0; i < attributes.length; i++) {
			String value = call.attributes().get(this.tagAttributes.get(i));
			attributes[i] = (value != null) ? value : NONE;
		}
		String model = call.effectiveModel();
		return new MeterKey(call.provider(), (model != null) ? model : NONE, call.operation(), call.status(),
				call.project(), attributes);
	}

	private CallMeters register(MeterKey key) {
		Tags attributeTags = Tags.empty();
		for (int i = 0; i < key.attributes.length; i++) {
			attributeTags = attributeTags.and(this.tagAttributes.get(i), key.attributes[i]);
		}
		Tags base = Tags.of("provider", key.provider, "model", key.model, "project", key.project).and(attributeTags);
		Tags withOperation = base.and("operation", key.operation);
		Tags withOutcome = withOperation.and("outcome", key.outcome);
		return new CallMeters(this.registry, base,
				Counter.builder(REQUESTS).description("LLM calls").tags(withOutcome).register(this.registry),
				Timer.builder(LATENCY)
					.description("Time from the request to the end of the LLM's response")
					.tags(withOutcome)
					.serviceLevelObjectives(LATENCY_BUCKETS)
					.register(this.registry),
				tokens(withOperation, "input"), tokens(withOperation, "output"), tokens(withOperation, "cached_input"),
				tokens(withOperation, "cache_write"), tokens(withOperation, "reasoning"),
				Counter.builder(COST)
					.description("Cost of LLM calls")
					.baseUnit("usd")
					.tags(base)
					.register(this.registry),
				Counter.builder(COST_UNPRICED)
					.description("LLM calls whose model has no known price")
					.tags("provider", key.provider, "model", key.model)
					.register(this.registry));
	}

	private Counter tokens(Tags tags, String type) {
		return Counter.builder(TOKENS)
			.description("LLM tokens; cached_input and cache_write are part of input, reasoning part of output")
			.baseUnit("tokens")
			.tags(tags)
			.tag("type", type)
			.register(this.registry);
	}

	private static Duration[] durations(long... millis) {
		return Arrays.stream(millis).mapToObj(Duration::ofMillis).toArray(Duration[]::new);
	}

	private record MeterKey(String provider, String model, String operation, String outcome, String project,
			String[] attributes) {

		@Override
		public boolean equals(Object other) {
			return other instanceof MeterKey that && this.provider.equals(that.provider)
					&& this.model.equals(that.model) && this.operation.equals(that.operation)
					&& this.outcome.equals(that.outcome) && this.project.equals(that.project)
					&& Arrays.equals(this.attributes, that.attributes);
		}

		@Override
		public int hashCode() {
			int result = this.provider.hashCode();
			result = 31 * result + this.model.hashCode();
			result = 31 * result + this.operation.hashCode();
			result = 31 * result + this.outcome.hashCode();
			result = 31 * result + this.project.hashCode();
			return 31 * result + Arrays.hashCode(this.attributes);
		}

	}

	private static final class CallMeters {

		private final MeterRegistry registry;

		private final Tags firstTokenTags;

		final Counter requests;

		final Timer latency;

		final Counter inputTokens;

		final Counter outputTokens;

		final Counter cachedInputTokens;

		final Counter cacheWriteTokens;

		final Counter reasoningTokens;

		final Counter cost;

		final Counter unpriced;

		private volatile @Nullable Timer timeToFirstToken;

		CallMeters(MeterRegistry registry, Tags firstTokenTags, Counter requests, Timer latency, Counter inputTokens,
				Counter outputTokens, Counter cachedInputTokens, Counter cacheWriteTokens, Counter reasoningTokens,
				Counter cost, Counter unpriced) {
			this.registry = registry;
			this.firstTokenTags = firstTokenTags;
			this.requests = requests;
			this.latency = latency;
			this.inputTokens = inputTokens;
			this.outputTokens = outputTokens;
			this.cachedInputTokens = cachedInputTokens;
			this.cacheWriteTokens = cacheWriteTokens;
			this.reasoningTokens = reasoningTokens;
			this.cost = cost;
			this.unpriced = unpriced;
		}

		/**
		 * The time-to-first-token timer, registered with the first stream of this tag
		 * combination so that non-streamed calls leave no empty histogram.
		 */
		Timer timeToFirstToken() {
			Timer timer = this.timeToFirstToken;
			if (timer == null) {
				timer = Timer.builder(TIME_TO_FIRST_TOKEN)
					.description("Time from the request to the first content chunk of a streamed LLM response")
					.tags(this.firstTokenTags)
					.serviceLevelObjectives(FIRST_TOKEN_BUCKETS)
					.register(this.registry);
				this.timeToFirstToken = timer;
			}
			return timer;
		}

	}

}
