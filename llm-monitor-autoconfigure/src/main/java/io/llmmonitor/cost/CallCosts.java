package io.llmmonitor.cost;

import java.math.BigDecimal;

import org.springframework.util.Assert;

/**
 * The cost of a call, and its two parts: what its input cost (uncached, cached and cache
 * write tokens) and what its output cost (completion tokens, reasoning ones included).
 *
 * @param total the cost in USD, the sum of the parts
 * @param input the cost of the input tokens
 * @param output the cost of the output tokens
 * @since 0.1.0
 */
public record CallCosts(BigDecimal total, BigDecimal input, BigDecimal output) {

	public CallCosts {
		Assert.notNull(total, "'total' must not be null");
		Assert.notNull(input, "'input' must not be null");
		Assert.notNull(output, "'output' must not be null");
	}

}
