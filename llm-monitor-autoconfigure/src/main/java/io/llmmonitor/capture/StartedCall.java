package io.llmmonitor.capture;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.llmmonitor.cost.CallCosts;
import io.llmmonitor.record.CallOrigin;
import io.llmmonitor.record.CallOutcome;
import io.llmmonitor.record.CallRequest;
import io.llmmonitor.record.CallResponse;
import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.CallTiming;
import io.llmmonitor.record.CallTokens;
import io.llmmonitor.record.CallTrace;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallContext;
import org.jspecify.annotations.Nullable;

/**
 * A call a capture point has started ({@link LlmCallRecorder#start}) and will finish
 * once. What the capture point learns on the way (the first token of a stream, the
 * provider's response headers, content it had to cut) it reports here; {@link #finish}
 * then builds the record, once, and hands it on. Thread-safe: a stream may report on one
 * thread and finish on another.
 *
 * @since 0.1.0
 */
public final class StartedCall {

	private final LlmCallRecorder recorder;

	private final String id;

	private final Instant startedAt;

	private final long startNanos = System.nanoTime();

	private final CallSource source;

	private final LlmCallContext context;

	private final CallTrace trace;

	private final AtomicBoolean finished = new AtomicBoolean();

	private volatile long firstTokenNanos;

	private volatile Map<String, String> providerHeaders = Map.of();

	private volatile boolean contentTruncated;

	private volatile @Nullable String baseUrl;

	private volatile @Nullable String proxyKey;

	StartedCall(LlmCallRecorder recorder, String id, Instant startedAt, CallSource source, LlmCallContext context,
			CallTrace trace) {
		this.recorder = recorder;
		this.id = id;
		this.startedAt = startedAt;
		this.source = source;
		this.context = context;
		this.trace = trace;
	}

	/**
	 * The id the call's record will have.
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * The most characters of a response text to keep as it arrives in pieces.
	 * @return the number of characters, zero when content is not captured
	 * @see ContentPolicy#textBudget()
	 */
	public int textBudget() {
		return this.recorder.contentPolicy().textBudget();
	}

	/**
	 * Report the first content of a stream; later reports are ignored.
	 * @param nanoTime {@link System#nanoTime()} when it arrived
	 */
	public void firstToken(long nanoTime) {
		if (this.firstTokenNanos == 0) {
			this.firstTokenNanos = nanoTime;
		}
	}

	/**
	 * Report the provider's response headers kept on the record (request id, rate
	 * limits); the call's own attributes win over them.
	 * @param headers the headers by lower-case name
	 */
	public void providerHeaders(Map<String, String> headers) {
		this.providerHeaders = headers;
	}

	/**
	 * Report the upstream's base URL, as {@link CallOrigin#baseUrl()} describes it.
	 * @param baseUrl the base URL, or {@code null} when not known
	 */
	public void baseUrl(@Nullable String baseUrl) {
		this.baseUrl = baseUrl;
	}

	/**
	 * Report the name of the proxy key the call was made with.
	 * @param proxyKey the key's name, never the key itself
	 */
	public void proxyKey(String proxyKey) {
		this.proxyKey = proxyKey;
	}

	/** Report that the capture point could not keep all of the content. */
	public void contentTruncated() {
		this.contentTruncated = true;
	}

	/**
	 * Finish the call: build its record and hand it to the handlers. Only the first
	 * finish counts; it never throws.
	 * @param provider the provider that served the call
	 * @param request what was asked
	 * @param response what came back
	 * @param tokens the token counts
	 * @param outcome how the call ended
	 */
	public void finish(String provider, CallRequest request, CallResponse response, CallTokens tokens,
			CallOutcome outcome) {
		if (!this.finished.compareAndSet(false, true)) {
			return;
		}
		long endNanos = System.nanoTime();
		LlmCall call;
		try {
			call = build(endNanos, provider, request, response, tokens, outcome);
		}
		catch (RuntimeException ex) {
			this.recorder.notRecorded(this.id, ex);
			return;
		}
		this.recorder.finished(call);
	}

	@SuppressWarnings("ReferenceEquality") // the same instance: nothing changed
	private LlmCall build(long endNanos, String provider, CallRequest request, CallResponse response, CallTokens tokens,
			CallOutcome outcome) {
		long firstToken = this.firstTokenNanos;
		CallTiming timing = new CallTiming(this.startedAt, millisSinceStart(endNanos),
				(firstToken != 0) ? millisSinceStart(firstToken) : null);
		ContentPolicy policy = this.recorder.contentPolicy();
		CallRequest keptRequest = policy.limit(request);
		CallResponse keptResponse = policy.limit(response);
		boolean truncated = policy.capturesContent()
				&& (this.contentTruncated || keptRequest != request || keptResponse != response);
		String model = (keptResponse.model() != null) ? keptResponse.model() : keptRequest.requestedModel();
		CallCosts costs = tokens.counted() ? this.recorder.costCalculator().costs(provider, model, tokens) : null;
		return new LlmCall(this.id, timing,
				new CallOrigin(this.source, provider, this.baseUrl, this.proxyKey, this.recorder.environment()),
				this.context.withAttributesUnder(this.providerHeaders), keptRequest, keptResponse, tokens,
				(costs != null) ? costs.total() : null, (costs != null) ? costs.input() : null,
				(costs != null) ? costs.output() : null, policy.limit(outcome), this.trace, truncated);
	}

	private long millisSinceStart(long nanoTime) {
		return Math.max(0, (nanoTime - this.startNanos) / 1_000_000);
	}

	@Override
	public String toString() {
		return "StartedCall[" + this.id + ", " + this.source + "]";
	}

}
