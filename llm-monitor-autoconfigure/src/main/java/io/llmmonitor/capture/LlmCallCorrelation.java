package io.llmmonitor.capture;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * Lets HTTP-level capture recognise the model requests of a {@code ChatClient} call that
 * {@code LlmMonitorAdvisor} already records, so that each call yields one record: the
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

	/**
	 * Register a streaming call, whose model requests name it in {@link #HEADER}.
	 * @param callId the call's id
	 * @param call where the HTTP details of its model requests go
	 */
	public void register(String callId, Consumer<HttpDetails> call) {
		this.inFlight.put(callId, call);
	}

	/**
	 * Forget a streaming call that has ended.
	 * @param callId the call's id
	 */
	public void unregister(String callId) {
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

	/**
	 * Tie the blocking model request the current thread is about to make to its call.
	 * @param call where the HTTP details of the model request go
	 * @return what was tied to the thread before, to be restored by {@link #exit}
	 */
	public static @Nullable Consumer<HttpDetails> enter(Consumer<HttpDetails> call) {
		Consumer<HttpDetails> previous = current.get();
		current.set(call);
		return previous;
	}

	/**
	 * End a blocking model request begun with {@link #enter}.
	 * @param previous what {@link #enter} returned
	 */
	public static void exit(@Nullable Consumer<HttpDetails> previous) {
		// set rather than remove: the thread keeps one entry, and the next call reuses it
		current.set(previous);
	}

}
