package io.llmmonitor.record;

/**
 * Receives each finished {@link LlmCall}, on the thread that finished the call. Handlers
 * must be quick and must not throw: meters are updated here, and the writer only offers
 * the record to its queue. Content is already cut to the configured maximum but not yet
 * redacted: the writer redacts it before storing it.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface LlmCallHandler {

	/**
	 * Handle a finished call.
	 * @param call the call
	 */
	void handle(LlmCall call);

}
