package io.llmmonitor.autoconfigure;

import java.util.Locale;

/**
 * Families of meter names of {@code llm.monitor.metrics.naming}.
 *
 * @since 0.1.0
 */
public enum MeterNaming {

	/** llm-monitor's own llm_* meters. */
	LLM(true, false),

	/** The OpenTelemetry GenAI semantic conventions' client meters. */
	OTEL(false, true),

	/** Both families. */
	BOTH(true, true);

	private final boolean llm;

	private final boolean otel;

	MeterNaming(boolean llm, boolean otel) {
		this.llm = llm;
		this.otel = otel;
	}

	/**
	 * Whether the llm_* meters are updated.
	 * @return {@code true} for {@code llm} and {@code both}
	 */
	public boolean llm() {
		return this.llm;
	}

	/**
	 * Whether the GenAI meters are updated.
	 * @return {@code true} for {@code otel} and {@code both}
	 */
	public boolean otel() {
		return this.otel;
	}

	/**
	 * The name as the property gives it.
	 * @return {@code llm}, {@code otel} or {@code both}
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
