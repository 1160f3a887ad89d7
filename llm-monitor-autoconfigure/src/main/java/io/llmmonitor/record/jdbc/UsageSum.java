package io.llmmonitor.record.jdbc;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

import io.llmmonitor.record.LlmUsage;
import io.llmmonitor.record.UsdAmounts;
import org.jspecify.annotations.Nullable;

/**
 * Usage of one group (and time bucket), summed over calls and rollups.
 */
final class UsageSum {

	private static final String[] COLUMNS = { "requests", "errors", "prompt_tokens", "completion_tokens",
			"cached_tokens", "reasoning_tokens", "total_tokens", "unpriced" };

	private final long[] counts = new long[COLUMNS.length];

	private BigDecimal cost = BigDecimal.ZERO;

	private final Histogram latency = new Histogram(Histogram.Layout.LATENCY);

	private final Histogram firstToken = new Histogram(Histogram.Layout.TIME_TO_FIRST_TOKEN);

	void add(ResultSet rs) throws SQLException {
		for (int i = 0; i < COLUMNS.length; i++) {
			this.counts[i] += rs.getLong(COLUMNS[i]);
		}
		BigDecimal rowCost = rs.getBigDecimal("cost_usd");
		if (rowCost != null) {
			this.cost = this.cost.add(rowCost);
		}
		add(this.latency, Histogram.Layout.LATENCY, rs);
		add(this.firstToken, Histogram.Layout.TIME_TO_FIRST_TOKEN, rs);
	}

	void add(UsageSum other) {
		for (int i = 0; i < this.counts.length; i++) {
			this.counts[i] += other.counts[i];
		}
		this.cost = this.cost.add(other.cost);
		this.latency.add(other.latency);
		this.firstToken.add(other.firstToken);
	}

	private static void add(Histogram histogram, Histogram.Layout layout, ResultSet rs) throws SQLException {
		long[] buckets = new long[layout.buckets()];
		for (int i = 0; i < buckets.length; i++) {
			buckets[i] = rs.getLong(layout.column(i));
		}
		histogram.add(buckets, rs.getLong(layout.maxColumn()));
	}

	LlmUsage toUsage(String key, @Nullable Instant bucketStart) {
		return new LlmUsage(key, bucketStart, this.counts[0], this.counts[1], this.counts[2], this.counts[3],
				this.counts[4], this.counts[5], this.counts[6], UsdAmounts.normalize(this.cost), this.counts[7],
				this.latency.percentile(0.5), this.latency.percentile(0.95), this.latency.percentile(0.99),
				this.firstToken.percentile(0.5), this.firstToken.percentile(0.95), this.firstToken.percentile(0.99));
	}

}
