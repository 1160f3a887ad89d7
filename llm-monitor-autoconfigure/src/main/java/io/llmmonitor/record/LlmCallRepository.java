package io.llmmonitor.record;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Where call records are kept. The only way the rest of llm-monitor reads or writes them.
 *
 * @since 0.1.0
 */
public interface LlmCallRepository {

	/**
	 * Store the given calls, as one batch.
	 * @param calls the calls
	 */
	void saveAll(List<LlmCall> calls);

	/**
	 * Find one call with its content.
	 * @param id the call id
	 * @return the call, or empty when unknown
	 */
	Optional<LlmCall> findById(String id);

	/**
	 * Find calls, newest first, without their content (messages and response text).
	 * @param filter which calls
	 * @param limit the page size
	 * @param before cursor: only calls older than the call with this id, or {@code null}
	 * @return the page
	 */
	LlmCallPage find(LlmCallFilter filter, int limit, @Nullable String before);

	/**
	 * Sum usage of the selected calls.
	 * @param filter which calls
	 * @param grouping what to group by
	 * @param bucket time bucket width, or {@code null} for one total per group
	 * @return one entry per group (and bucket), ordered by bucket then key
	 */
	List<LlmUsage> usage(LlmCallFilter filter, LlmUsageGrouping grouping, @Nullable Duration bucket);

	/**
	 * Sum usage of the selected calls four ways at once: all of them and each group, over
	 * the window and per bucket. A store may answer from one read; this default asks
	 * {@link #usage} four times.
	 * @param filter which calls
	 * @param grouping what to group by
	 * @param bucket time bucket width, or {@code null} for no series
	 * @return the four views
	 */
	default LlmUsageViews usageViews(LlmCallFilter filter, LlmUsageGrouping grouping, @Nullable Duration bucket) {
		LlmUsageGrouping none = LlmUsageGrouping.by(LlmUsageGrouping.Dimension.NONE);
		List<LlmUsage> overall = usage(filter, none, null);
		return new LlmUsageViews(overall.isEmpty() ? LlmUsageViews.nothing() : overall.get(0),
				(bucket != null) ? usage(filter, none, bucket) : null, usage(filter, grouping, null),
				(bucket != null) ? usage(filter, grouping, bucket) : null);
	}

	/**
	 * Delete calls started before the given instant.
	 * @param instant the cut-off
	 * @return the number of calls deleted
	 */
	int deleteStartedBefore(Instant instant);

	/**
	 * Check that the store can hold records.
	 * @throws StoreNotReadyException when it cannot, its message naming the fix
	 * @throws org.springframework.dao.DataAccessException when it cannot be reached
	 */
	default void checkReady() {
	}

}
