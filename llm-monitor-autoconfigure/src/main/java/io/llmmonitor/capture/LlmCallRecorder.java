package io.llmmonitor.capture;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.llmmonitor.cost.CostCalculator;
import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallContext;
import io.llmmonitor.record.LlmCallHandler;
import io.llmmonitor.record.LlmCallIds;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.Assert;

/**
 * Where every capture point starts its calls: {@link #start} gives the call its id, start
 * time, trace ids and metadata (with the default project), and {@link StartedCall#finish}
 * builds its record once, with its content limited by the {@link ContentPolicy} and its
 * cost, and passes it to each {@link LlmCallHandler} (meters, writer), on the caller's
 * thread. Secrets are redacted later, by the writer, before the call is stored: a handler
 * that exports content should apply {@link ContentPolicy#redact(LlmCall)} itself. Never
 * throws: monitoring must not fail the call it watches.
 *
 * @since 0.1.0
 */
public class LlmCallRecorder {

	private static final Log logger = LogFactory.getLog(LlmCallRecorder.class);

	private final ContentPolicy contentPolicy;

	private final CostCalculator costCalculator;

	private final List<LlmCallHandler> handlers;

	private final String defaultProject;

	private volatile String environment = DEFAULT_ENVIRONMENT;

	private final Clock clock;

	private final CurrentTrace currentTrace;

	private final AtomicInteger inFlight = new AtomicInteger();

	/**
	 * Create a recorder.
	 * @param contentPolicy what content is kept
	 * @param costCalculator prices calls
	 * @param handlers what receives finished calls
	 * @param defaultProject project of calls that name none
	 * @param clock the clock for start times
	 * @param currentTrace supplies the ids of the span a call starts in
	 */
	public LlmCallRecorder(ContentPolicy contentPolicy, CostCalculator costCalculator, List<LlmCallHandler> handlers,
			String defaultProject, Clock clock, CurrentTrace currentTrace) {
		Assert.notNull(contentPolicy, "'contentPolicy' must not be null");
		Assert.notNull(costCalculator, "'costCalculator' must not be null");
		Assert.hasText(defaultProject, "'defaultProject' must not be empty");
		Assert.notNull(clock, "'clock' must not be null");
		Assert.notNull(currentTrace, "'currentTrace' must not be null");
		this.contentPolicy = contentPolicy;
		this.costCalculator = costCalculator;
		this.handlers = List.copyOf(handlers);
		this.defaultProject = defaultProject;
		this.clock = clock;
		this.currentTrace = currentTrace;
	}

	/** Environment of calls when none is set. */
	public static final String DEFAULT_ENVIRONMENT = "default";

	/**
	 * Set the environment the calls are made in, kept on every record.
	 * @param environment the environment ({@code production}, {@code staging}, ...)
	 */
	public void setEnvironment(String environment) {
		Assert.hasText(environment, "'environment' must not be empty");
		this.environment = environment;
	}

	/**
	 * The environment the calls are made in.
	 * @return the environment
	 */
	public String environment() {
		return this.environment;
	}

	/**
	 * Start a call.
	 * @param source the capture point
	 * @param context the call's metadata
	 * @return the started call, to be finished exactly once
	 */
	public StartedCall start(CallSource source, LlmCallContext context) {
		Instant startedAt = this.clock.instant();
		this.inFlight.incrementAndGet();
		return new StartedCall(this, LlmCallIds.next(startedAt), startedAt, source,
				context.withDefaultProject(this.defaultProject), this.currentTrace.get());
	}

	/**
	 * Calls started and not yet finished: zero once every call made so far has its
	 * record.
	 * @return the number of calls in flight
	 */
	public int callsInFlight() {
		return this.inFlight.get();
	}

	ContentPolicy contentPolicy() {
		return this.contentPolicy;
	}

	CostCalculator costCalculator() {
		return this.costCalculator;
	}

	void finished(LlmCall call) {
		try {
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
		finally {
			this.inFlight.decrementAndGet();
		}
	}

	void notRecorded(String id, RuntimeException ex) {
		this.inFlight.decrementAndGet();
		logger.warn("llm-monitor failed to record call " + id, ex);
	}

}
