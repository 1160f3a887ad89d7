package io.llmmonitor.actuate.endpoint;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.llmmonitor.record.LlmCallFilter;
import io.llmmonitor.record.LlmCallRepository;
import io.llmmonitor.record.LlmUsage;
import io.llmmonitor.record.LlmUsageGrouping;
import io.llmmonitor.record.LlmUsageViews;
import io.llmmonitor.record.UsdAmounts;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.dao.DataAccessException;
import org.springframework.util.Assert;

/**
 * {@code /actuator/llmusage}: requests, errors, tokens, cost and latency percentiles of
 * the stored calls in a time window (the last 24 hours by default), grouped by model,
 * provider, project, operation or an attribute, optionally in time buckets. With buckets
 * it also answers each group over the whole window and all calls per bucket, so one
 * request draws a board: the store reads each group's buckets once.
 *
 * @since 0.1.0
 */
@Endpoint(id = "llmusage")
public class LlmUsageEndpoint {

	/** Window when no {@code from} is given. */
	public static final Duration DEFAULT_WINDOW = Duration.ofHours(24);

	/** Most time buckets one answer may hold. */
	public static final long MAX_BUCKETS = 10_000;

	private final LlmCallRepository repository;

	private final Clock clock;

	/**
	 * Create the endpoint.
	 * @param repository where calls are read
	 * @param clock the clock for the default window
	 */
	public LlmUsageEndpoint(LlmCallRepository repository, Clock clock) {
		Assert.notNull(repository, "'repository' must not be null");
		Assert.notNull(clock, "'clock' must not be null");
		this.repository = repository;
		this.clock = clock;
	}

	/**
	 * Summarise usage.
	 * @param groupBy {@code model} (default), {@code provider}, {@code project},
	 * {@code operation}, {@code source}, {@code attribute:NAME} or {@code none} (one
	 * group, {@code all})
	 * @param bucket time bucket width such as {@code 1m}, {@code 1h} or {@code 1d}
	 * @param from start of the window, ISO-8601 or a time before now such as {@code -7d}
	 * (default: 24 hours before {@code to})
	 * @param to end of the window, ISO-8601 or a time before now (default: now)
	 * @param project only this project
	 * @param model only this model
	 * @param provider only this provider
	 * @param operation only this operation
	 * @param source only {@code advisor}, {@code http} or {@code proxy}
	 * @param status only {@code success} or {@code error}
	 * @param threadId only this thread
	 * @param userId only this user
	 * @param tag only calls with this tag
	 * @param attribute only calls with this attribute, as {@code name:value}
	 * @return the usage, a 400 naming a bad parameter, or a 503 when the store cannot be
	 * read
	 */
	@ReadOperation
	public WebEndpointResponse<OperationResponseBody> usage(@Nullable String groupBy, @Nullable String bucket,
			@Nullable String from, @Nullable String to, @Nullable String project, @Nullable String model,
			@Nullable String provider, @Nullable String operation, @Nullable String source, @Nullable String status,
			@Nullable String threadId, @Nullable String userId, @Nullable String tag, @Nullable String attribute) {
		try {
			LlmUsageGrouping grouping = grouping(groupBy);
			Duration bucketWidth = Parameters.duration("bucket", bucket);
			LlmCallFilter filter = Parameters.filter(project, model, provider, operation, source, status, threadId,
					userId, tag, attribute, from, to, this.clock);
			Instant end = (filter.to() != null) ? filter.to() : this.clock.instant();
			Instant start = (filter.from() != null) ? filter.from() : end.minus(DEFAULT_WINDOW);
			if (!start.isBefore(end)) {
				throw new InvalidParameterException("from", "must be before 'to'");
			}
			if (bucketWidth != null
					&& Duration.between(start, end).toSeconds() / bucketWidth.toSeconds() > MAX_BUCKETS) {
				throw new InvalidParameterException("bucket",
						"too small for the window: at most " + MAX_BUCKETS + " buckets");
			}
			LlmUsageViews views = this.repository.usageViews(filter.withWindow(start, end), grouping, bucketWidth);
			List<LlmUsage> usage = (views.groupSeries() != null) ? views.groupSeries() : views.groups();
			return new WebEndpointResponse<>(new LlmUsageDescriptor(start, end, groupBy(grouping),
					(bucket != null) ? bucket.trim().toLowerCase(Locale.ROOT) : null, Totals.of(usage), views.overall(),
					usage, (bucketWidth != null) ? views.groups() : null, views.overallSeries()));
		}
		catch (InvalidParameterException ex) {
			return new WebEndpointResponse<>(ErrorDescriptor.of(ex), WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		catch (DataAccessException ex) {
			return StoreUnavailable.response(this.repository, ex);
		}
	}

	private static LlmUsageGrouping grouping(@Nullable String groupBy) {
		if (groupBy == null) {
			return LlmUsageGrouping.by(LlmUsageGrouping.Dimension.MODEL);
		}
		String value = groupBy.trim();
		if (value.startsWith("attribute:")) {
			String name = value.substring("attribute:".length());
			if (name.isBlank()) {
				throw new InvalidParameterException("groupBy", "expected 'attribute:NAME' with a name");
			}
			Parameters.text("groupBy", name);
			return LlmUsageGrouping.byAttribute(name);
		}
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "none" -> LlmUsageGrouping.by(LlmUsageGrouping.Dimension.NONE);
			case "model" -> LlmUsageGrouping.by(LlmUsageGrouping.Dimension.MODEL);
			case "provider" -> LlmUsageGrouping.by(LlmUsageGrouping.Dimension.PROVIDER);
			case "project" -> LlmUsageGrouping.by(LlmUsageGrouping.Dimension.PROJECT);
			case "operation" -> LlmUsageGrouping.by(LlmUsageGrouping.Dimension.OPERATION);
			case "source" -> LlmUsageGrouping.by(LlmUsageGrouping.Dimension.SOURCE);
			default -> throw new InvalidParameterException("groupBy",
					"expected model, provider, project, operation, source, attribute:NAME or none, got '" + groupBy
							+ "'");
		};
	}

	private static String groupBy(LlmUsageGrouping grouping) {
		return (grouping.attributeName() != null) ? "attribute:" + grouping.attributeName()
				: grouping.dimension().name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Usage in a window.
	 *
	 * @param from start of the window
	 * @param to end of the window
	 * @param groupBy what the entries are grouped by
	 * @param bucket bucket width, or {@code null}
	 * @param totals sums over all entries
	 * @param overall all calls over the window, with their percentiles
	 * @param usage one entry per group (and bucket)
	 * @param groups with buckets: one entry per group over the whole window
	 * @param overallSeries with buckets: all calls, one entry per bucket
	 */
	public record LlmUsageDescriptor(Instant from, Instant to, String groupBy, @Nullable String bucket, Totals totals,
			LlmUsage overall, List<LlmUsage> usage, @Nullable List<LlmUsage> groups,
			@Nullable List<LlmUsage> overallSeries) implements OperationResponseBody {

	}

	/**
	 * Sums over all groups of a window.
	 *
	 * @param requests number of calls
	 * @param errors number of failed calls
	 * @param promptTokens input tokens
	 * @param completionTokens output tokens
	 * @param cachedTokens cached input tokens
	 * @param reasoningTokens reasoning tokens
	 * @param totalTokens total tokens
	 * @param costUsd cost in USD
	 * @param unpricedRequests calls without a known price
	 */
	public record Totals(long requests, long errors, long promptTokens, long completionTokens, long cachedTokens,
			long reasoningTokens, long totalTokens, BigDecimal costUsd, long unpricedRequests) {

		static Totals of(List<LlmUsage> usage) {
			long requests = 0;
			long errors = 0;
			long prompt = 0;
			long completion = 0;
			long cached = 0;
			long reasoning = 0;
			long total = 0;
			long unpriced = 0;
			BigDecimal cost = BigDecimal.ZERO;
			for (LlmUsage each : usage) {
				requests += each.requests();
				errors += each.errors();
				prompt += each.promptTokens();
				completion += each.completionTokens();
				cached += each.cachedTokens();
				reasoning += each.reasoningTokens();
				total += each.totalTokens();
				unpriced += each.unpricedRequests();
				cost = cost.add(each.costUsd());
			}
			return new Totals(requests, errors, prompt, completion, cached, reasoning, total,
					UsdAmounts.normalize(cost), unpriced);
		}

	}

}
