package io.llmmonitor.context;

import io.llmmonitor.record.LlmCallContext;
import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

/**
 * Lets Micrometer context-propagation carry {@link LlmMonitor}'s scoped metadata across
 * threads and Reactor pipelines. Registered through {@code META-INF/services}.
 *
 * @since 0.1.0
 */
public final class LlmCallContextAccessor implements ThreadLocalAccessor<LlmCallContext> {

	@Override
	public Object key() {
		return LlmMonitor.CONTEXT_KEY;
	}

	@Override
	public @Nullable LlmCallContext getValue() {
		return LlmMonitor.getRaw();
	}

	@Override
	public void setValue(LlmCallContext value) {
		LlmMonitor.set(value);
	}

	@Override
	public void setValue() {
		LlmMonitor.set(null);
	}

}
