package io.llmmonitor.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code llm.monitor.metrics.naming} asks for one family of meter names.
 */
abstract class OnMeterNamingCondition extends SpringBootCondition {

	static final String PROPERTY = "llm.monitor.metrics.naming";

	private final boolean llm;

	OnMeterNamingCondition(boolean llm) {
		this.llm = llm;
	}

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		MeterNaming naming = Binder.get(context.getEnvironment())
			.bind(PROPERTY, MeterNaming.class)
			.orElse(MeterNaming.LLM);
		boolean matches = this.llm ? naming.llm() : naming.otel();
		String family = this.llm ? "llm_* meters" : "OpenTelemetry GenAI meters";
		return matches ? ConditionOutcome.match(PROPERTY + " is " + naming.value() + ": " + family + " on")
				: ConditionOutcome.noMatch(PROPERTY + " is " + naming.value() + ": " + family + " off");
	}

	/** Matches when the llm_* meters are on ({@code llm} or {@code both}). */
	static final class Llm extends OnMeterNamingCondition {

		Llm() {
			super(true);
		}

	}

	/** Matches when the GenAI meters are on ({@code otel} or {@code both}). */
	static final class Otel extends OnMeterNamingCondition {

		Otel() {
			super(false);
		}

	}

}
