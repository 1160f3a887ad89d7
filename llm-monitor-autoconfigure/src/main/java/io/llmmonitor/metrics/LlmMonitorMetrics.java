package io.llmmonitor.metrics;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.llmmonitor.record.CallTokens;
import io.llmmonitor.record.LatencyBuckets;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Updates llm-monitor's meters for each finished call, on the caller's thread, with the
 * tags of an {@link LlmCallMeterConvention}. The meters of one set of request tags are
 * registered once and kept, so a call costs one map lookup and a few increments.
 * <p>
 * Prometheus names: {@code llm_requests_total}, {@code llm_tokens_total},
 * {@code llm_cost_usd_total}, {@code llm_latency_seconds},
 * {@code llm_time_to_first_token_seconds}, {@code llm_cost_unpriced_total}.
 *
 * @since 0.1.0
 */
public class LlmMonitorMetrics implements LlmCallHandler {

	/** Requests, by provider, model, operation, outcome, project and source. */
	public static final String REQUESTS = "llm.requests";

	/** Tokens, by provider, model, operation, project, source and type. */
	public static final String TOKENS = "llm.tokens";

	/** Cost in USD, by provider, model, project and source. */
	public static final String COST = "llm.cost";

	/** Latency, by provider, model, operation, outcome, project and source. */
	public static final String LATENCY = "llm.latency";

	/**
	 * Time to the first content chunk of a stream, by provider, model, project and
	 * source.
	 */
	public static final String TIME_TO_FIRST_TOKEN = "llm.time.to.first.token";

	/**
	 * Calls whose cost is not known although they may have been billed, by provider and
	 * model.
	 */
	public static final String COST_UNPRICED = "llm.cost.unpriced";

	/** Calls whose value of a tag was folded into {@code other}, by {@code tag}. */
	public static final String TAGS_FOLDED = TagValueLimit.FOLDED;

	/** Most distinct values of one tag key unless told otherwise. */
	public static final int DEFAULT_MAX_TAG_VALUES = 100;

	private static final Duration[] LATENCY_BUCKETS = durations(LatencyBuckets.latencyMs());

	private static final Duration[] FIRST_TOKEN_BUCKETS = durations(LatencyBuckets.timeToFirstTokenMs());

	private final MeterRegistry registry;

	private final LlmCallMeterConvention convention;

	private final Map<Tags, CallMeters> meters = new ConcurrentHashMap<>();

	private final SafeTags safeTags;

	/**
	 * Create the meters' owner, with at most {@value #DEFAULT_MAX_TAG_VALUES} values per
	 * tag.
	 * @param registry the registry
	 * @param convention the tags of each meter
	 */
	public LlmMonitorMetrics(MeterRegistry registry, LlmCallMeterConvention convention) {
		this(registry, convention, DEFAULT_MAX_TAG_VALUES);
	}

	/**
	 * Create the meters' owner.
	 * @param registry the registry
	 * @param convention the tags of each meter
	 * @param maxTagValues most distinct values of one tag key; later values become
	 * {@code other}, counted in {@code llm.monitor.meter.tags.folded}
	 */
	public LlmMonitorMetrics(MeterRegistry registry, LlmCallMeterConvention convention, int maxTagValues) {
		this(registry, convention, maxTagValues, UnaryOperator.identity());
	}

	/**
	 * Create the meters' owner.
	 * @param registry the registry
	 * @param convention the tags of each meter
	 * @param maxTagValues most distinct values of one tag key; later values become
	 * {@code other}, counted in {@code llm.monitor.meter.tags.folded}
	 * @param redactor what tag values pass through before they reach a meter: project,
	 * model and tag attributes come from clients and may hold secrets
	 */
	public LlmMonitorMetrics(MeterRegistry registry, LlmCallMeterConvention convention, int maxTagValues,
			UnaryOperator<String> redactor) {
		Assert.notNull(registry, "'registry' must not be null");
		Assert.notNull(redactor, "'redactor' must not be null");
		Assert.notNull(convention, "'convention' must not be null");
		Assert.isTrue(maxTagValues > 0, "'maxTagValues' must be positive");
		this.registry = registry;
		this.convention = convention;
		this.safeTags = new SafeTags(registry, maxTagValues, redactor);
	}

	@Override
	public void handle(LlmCall call) {
		CallMeters callMeters = this.meters.get(this.convention.requestTags(call));
		if (callMeters == null) {
			// New tags, or tags with a value past the cap (kept under the folded tags
			// only, so such calls are counted each time)
			Tags requestTags = limit(this.convention.requestTags(call), true);
			callMeters = this.meters.computeIfAbsent(requestTags, (tags) -> register(tags, call));
		}
		callMeters.requests.increment();
		callMeters.latency.record(call.timing().latencyMs(), TimeUnit.MILLISECONDS);
		Long firstToken = call.timing().timeToFirstTokenMs();
		if (firstToken != null) {
			callMeters.timeToFirstToken().record(firstToken, TimeUnit.MILLISECONDS);
		}
		CallTokens tokens = call.tokens();
		increment(callMeters.inputTokens, tokens.promptTokens());
		increment(callMeters.outputTokens, tokens.completionTokens());
		increment(callMeters.cachedInputTokens, tokens.cachedTokens());
		increment(callMeters.cacheWriteTokens, tokens.cacheWriteTokens());
		increment(callMeters.reasoningTokens, tokens.reasoningTokens());
		BigDecimal cost = call.costUsd();
		if (cost != null) {
			callMeters.cost.increment(cost.doubleValue());
		}
		if (call.unpriced()) {
			callMeters.unpriced.increment();
		}
	}

	private Tags limit(Tags tags, boolean countFolded) {
		return this.safeTags.apply(tags, countFolded);
	}

	private static void increment(Counter counter, @Nullable Long value) {
		if (value != null && value > 0) {
			counter.increment(value);
		}
	}

	private CallMeters register(Tags requestTags, LlmCall call) {
		Tags tokenTags = limit(this.convention.tokenTags(call), false);
		return new CallMeters(this.registry, limit(this.convention.timeToFirstTokenTags(call), false),
				Counter.builder(REQUESTS).description("LLM calls").tags(requestTags).register(this.registry),
				Timer.builder(LATENCY)
					.description("Time from the request to the end of the LLM's response")
					.tags(requestTags)
					.serviceLevelObjectives(LATENCY_BUCKETS)
					.register(this.registry),
				tokens(tokenTags, "input"), tokens(tokenTags, "output"), tokens(tokenTags, "cached_input"),
				tokens(tokenTags, "cache_write"), tokens(tokenTags, "reasoning"),
				Counter.builder(COST)
					.description("Cost of LLM calls")
					.baseUnit("usd")
					.tags(limit(this.convention.costTags(call), false))
					.register(this.registry),
				Counter.builder(COST_UNPRICED)
					.description("LLM calls whose cost is not known although they may have been billed")
					.tags(limit(this.convention.unpricedTags(call), false))
					.register(this.registry));
	}

	private static Duration[] durations(long[] millis) {
		return Arrays.stream(millis).mapToObj(Duration::ofMillis).toArray(Duration[]::new);
	}

	private Counter tokens(Tags tags, String type) {
		return Counter.builder(TOKENS)
			.description("LLM tokens; cached_input and cache_write are part of input, reasoning part of output")
			.baseUnit("tokens")
			.tags(tags)
			.tag("type", type)
			.register(this.registry);
	}

	/**
	 * The meters of one set of request tags.
	 */
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
		 * The time-to-first-token timer, registered with the first stream of these tags
		 * so that non-streamed calls leave no empty histogram.
		 * @return the timer
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
