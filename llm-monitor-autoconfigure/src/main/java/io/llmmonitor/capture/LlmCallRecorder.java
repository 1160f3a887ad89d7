package io.llmmonitor.capture;

import java.util.List;

import io.llmmonitor.cost.CostCalculator;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;

/**
 * Where every capture point hands its finished call: limits its content with the
 * {@link ContentPolicy}, prices it and passes it to each {@link LlmCallHandler} (meters,
 * writer), all on the caller's thread. Secrets are redacted later, by the writer, before
 * the call is stored: a handler that exports content should apply
 * {@link ContentPolicy#redact(LlmCall)} itself. Never throws: monitoring must not fail
 * the call it watches.
 *
 * @since 0.1.0
 */
public class LlmCallRecorder {

	private static final Log logger = LogFactory.getLog(LlmCallRecorder.class);

	private final ContentPolicy contentPolicy;

	private final CostCalculator costCalculator;

	private final List<LlmCallHandler> handlers;

	private final String defaultProject;

	/**
	 * Create a recorder.
	 * @param contentPolicy what content is kept
	 * @param costCalculator prices calls
	 * @param handlers what receives finished calls
	 * @param defaultProject project of calls that name none
	 */
	public LlmCallRecorder(ContentPolicy contentPolicy, CostCalculator costCalculator, List<LlmCallHandler> handlers,
			String defaultProject) {
		Assert.notNull(contentPolicy, "'contentPolicy' must not be null");
		Assert.notNull(costCalculator, "'costCalculator' must not be null");
		Assert.hasText(defaultProject, "'defaultProject' must not be empty");
		this.contentPolicy = contentPolicy;
		this.costCalculator = costCalculator;
		this.handlers = List.copyOf(handlers);
		this.defaultProject = defaultProject;
	}

	/**
	 * Project of calls that name none.
	 * @return the default project
	 */
	public String defaultProject() {
		return this.defaultProject;
	}

	/**
	 * What content is kept.
	 * @return the content policy
	 */
	public ContentPolicy contentPolicy() {
		return this.contentPolicy;
	}

	/**
	 * Record a finished call.
	 * @param captured the call as captured
	 */
	public void record(LlmCall captured) {
		LlmCall call;
		try {
			call = this.contentPolicy.limit(captured);
			call = call.mutate().costUsd(this.costCalculator.cost(call)).build();
		}
		catch (RuntimeException ex) {
			logger.warn("llm-monitor failed to prepare the record of call " + captured.id(), ex);
			return;
		}
		for (LlmCallHandler handler : this.handlers) {
			try {
				handler.handle(call);
			}
			catch (RuntimeException ex) {
				logger.warn("llm-monitor handler " + handler.getClass().getName() + " failed for call " + call.id(),
						ex);
			}
		}
	}

}
