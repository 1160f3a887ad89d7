package io.llmmonitor.capture;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Lets HTTP-level capture recognise the model requests of a {@code ChatClient} call that
 * {@link LlmMonitorAdvisor} already records, so that each call yields one record: the
 * HTTP layer then hands its {@link HttpDetails} to that record instead of writing its
 * own. A model request is tied to its call by a request header the HTTP layer removes
 * before sending ({@link #HEADER}, set through the OpenAI options' custom headers), by a
 * thread-local while a blocking model request runs, or by the Reactor context key
 * {@link #CONTEXT_KEY} of a streaming one.
 *
 * @since 0.1.0
 */
public final class LlmCallCorrelation {

	/** Request header carrying the id of the call a model request belongs to. */
	public static final String HEADER = "X-LLM-Monitor-Call";

	/** Reactor context key of the call a streaming model request belongs to. */
	public static final String CONTEXT_KEY = "llm.monitor.correlation";

	private static final ThreadLocal<@Nullable Consumer<HttpDetails>> current = new ThreadLocal<>();

	private final Map<String, Consumer<HttpDetails>> inFlight = new ConcurrentHashMap<>();

	void register(String callId, Consumer<HttpDetails> call) {
		this.inFlight.put(callId, call);
	}

	void unregister(String callId) {
		this.inFlight.remove(callId);
	}

	/**
	 * Return the call a model request belongs to.
	 * @param headerValue the value of {@link #HEADER}, or {@code null}
	 * @return where its HTTP details go, or {@code null} when it belongs to no recorded
	 * call
	 */
	public @Nullable Consumer<HttpDetails> find(@Nullable String headerValue) {
		if (headerValue != null) {
			Consumer<HttpDetails> call = this.inFlight.get(headerValue);
			if (call != null) {
				return call;
			}
		}
		return current.get();
	}

	static @Nullable Consumer<HttpDetails> enter(Consumer<HttpDetails> call) {
		Consumer<HttpDetails> previous = current.get();
		current.set(call);
		return previous;
	}

	static void exit(@Nullable Consumer<HttpDetails> previous) {
		// set rather than remove: the thread keeps one entry, and the next call reuses it
		current.set(previous);
	}

}
