package io.llmmonitor.record;

import java.math.BigDecimal;

/**
 * Keeps USD amounts in their shortest plain form: no trailing zeros, no exponent.
 *
 * @since 0.1.0
 */
public final class UsdAmounts {

	private UsdAmounts() {
	}

	/**
	 * Return the amount without trailing zeros and with a scale of at least zero.
	 * @param amount the amount
	 * @return the normalised amount
	 */
	public static BigDecimal normalize(BigDecimal amount) {
		BigDecimal stripped = amount.stripTrailingZeros();
		return (stripped.scale() < 0) ? stripped.setScale(0) : stripped;
	}

}
