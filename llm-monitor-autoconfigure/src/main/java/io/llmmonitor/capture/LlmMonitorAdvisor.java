package io.llmmonitor.capture;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.llmmonitor.context.LlmCallContext;
import io.llmmonitor.context.LlmMonitor;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallIds;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.core.Ordered;
import org.springframework.util.Assert;

/**
 * Records every call and stream of a {@code ChatClient} as one {@link LlmCall}. Ordered
 * before tool calling ({@value #DEFAULT_ORDER}), it sees one logical call whatever the
 * number of tool rounds, with the final request and the model's cumulative usage.
 * Failures are recorded and rethrown unchanged.
 * <p>
 * Per-call metadata comes from advisor params ({@link #PROJECT}, {@link #THREAD_ID},
 * {@link #USER_ID}, {@link #CLIENT_ID}, {@link #TAGS}, {@link #ATTRIBUTES} or
 * {@code llm.monitor.attribute.<name>}; see {@link LlmMonitorParams}), which win over the
 * scoped metadata of {@link LlmMonitor}. Chat memory's conversation id is the thread id
 * when none is given.
 *
 * @since 0.1.0
 */
public final class LlmMonitorAdvisor implements CallAdvisor, StreamAdvisor {

	/** Before chat memory and tool calling. */
	public static final int DEFAULT_ORDER = Ordered.HIGHEST_PRECEDENCE + 100;

	/** Advisor param: project. */
	public static final String PROJECT = "llm.monitor.project";

	/** Advisor param: thread (conversation) id. */
	public static final String THREAD_ID = "llm.monitor.thread-id";

	/** Advisor param: user id. */
	public static final String USER_ID = "llm.monitor.user-id";

	/** Advisor param: client id. */
	public static final String CLIENT_ID = "llm.monitor.client-id";

	/** Advisor param: tags, a collection or a comma-separated string. */
	public static final String TAGS = "llm.monitor.tags";

	/** Advisor param: attributes, a map. */
	public static final String ATTRIBUTES = "llm.monitor.attributes";

	/** Prefix of advisor params that each set one attribute. */
	public static final String ATTRIBUTE_PREFIX = "llm.monitor.attribute.";

	static final String STATE = "llm.monitor.call-state";

	private static final Log logger = LogFactory.getLog(LlmMonitorAdvisor.class);

	private final LlmCallRecorder recorder;

	private final Clock clock;

	private final TraceIds.Provider traceIds;

	private final @Nullable String openAiBaseUrl;

	private final @Nullable LlmCallCorrelation correlation;

	/**
	 * Create an advisor.
	 * @param recorder where finished calls go
	 * @param clock the clock for start times
	 * @param traceIds supplies trace ids of the current span
	 * @param openAiBaseUrl base URL of OpenAI models whose options name none (the
	 * configured {@code spring.ai.openai.base-url}), or {@code null} for OpenAI itself
	 */
	public LlmMonitorAdvisor(LlmCallRecorder recorder, Clock clock, TraceIds.Provider traceIds,
			@Nullable String openAiBaseUrl) {
		this(recorder, clock, traceIds, openAiBaseUrl, null);
	}

	/**
	 * Create an advisor whose records HTTP-level capture enriches.
	 * @param recorder where finished calls go
	 * @param clock the clock for start times
	 * @param traceIds supplies trace ids of the current span
	 * @param openAiBaseUrl base URL of OpenAI models whose options name none (the
	 * configured {@code spring.ai.openai.base-url}), or {@code null} for OpenAI itself
	 * @param correlation ties model requests to their call, or {@code null} when
	 * HTTP-level capture is off
	 */
	public LlmMonitorAdvisor(LlmCallRecorder recorder, Clock clock, TraceIds.Provider traceIds,
			@Nullable String openAiBaseUrl, @Nullable LlmCallCorrelation correlation) {
		Assert.notNull(recorder, "'recorder' must not be null");
		Assert.notNull(clock, "'clock' must not be null");
		Assert.notNull(traceIds, "'traceIds' must not be null");
		this.recorder = recorder;
		this.clock = clock;
		this.traceIds = traceIds;
		this.openAiBaseUrl = openAiBaseUrl;
		this.correlation = correlation;
	}

	@Override
	public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
		Capture capture = start(request, LlmMonitor.current(), false);
		ChatClientResponse response;
		try {
			response = chain.nextCall(withState(request, capture.state));
		}
		catch (RuntimeException | Error ex) {
			capture.failed(ex);
			throw ex;
		}
		capture.succeeded(response.chatResponse());
		return response;
	}

	@Override
	public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
		return Flux.deferContextual((view) -> {
			Object reactorContext = view.getOrDefault(LlmMonitor.CONTEXT_KEY, null);
			LlmCallContext scoped = (reactorContext instanceof LlmCallContext context) ? context : LlmMonitor.current();
			Capture capture = start(request, scoped, true);
			return chain.nextStream(withState(request, capture.state))
				.doOnNext(capture::chunk)
				.doOnComplete(capture::completed)
				.doOnError(capture::failed)
				.doOnCancel(capture::cancelled);
		});
	}

	/**
	 * The request with the call's state in its context. Unlike {@code mutate()}, leaves
	 * the prompt as it is instead of copying it.
	 */
	private static ChatClientRequest withState(ChatClientRequest request, ChatCallState state) {
		Map<String, @Nullable Object> context = new HashMap<>(request.context());
		context.put(STATE, state);
		return new ChatClientRequest(request.prompt(), context);
	}

	private Capture start(ChatClientRequest request, LlmCallContext scoped, boolean streamed) {
		return new Capture(request, scoped.merge(fromParams(request.context())), streamed);
	}

	static LlmCallContext fromParams(Map<String, @Nullable Object> params) {
		if (params.isEmpty()) {
			return LlmCallContext.EMPTY;
		}
		LlmCallContext.Builder context = LlmCallContext.builder();
		Object conversationId = params.get(ChatMemory.CONVERSATION_ID);
		boolean any = false;
		if (conversationId != null) {
			context.threadId(conversationId.toString());
			any = true;
		}
		for (Map.Entry<String, @Nullable Object> param : params.entrySet()) {
			String key = param.getKey();
			Object value = param.getValue();
			if (value == null || !key.startsWith("llm.monitor.")) {
				continue;
			}
			any = true;
			switch (key) {
				case PROJECT -> context.project(value.toString());
				case THREAD_ID -> context.threadId(value.toString());
				case USER_ID -> context.userId(value.toString());
				case CLIENT_ID -> context.clientId(value.toString());
				case TAGS -> context.tags(tags(value));
				case ATTRIBUTES -> {
					if (value instanceof Map<?, ?> map) {
						map.forEach((name, attribute) -> {
							if (name != null && attribute != null) {
								context.attribute(name.toString(), attribute.toString());
							}
						});
					}
				}
				default -> {
					if (key.startsWith(ATTRIBUTE_PREFIX) && key.length() > ATTRIBUTE_PREFIX.length()) {
						context.attribute(key.substring(ATTRIBUTE_PREFIX.length()), value.toString());
					}
				}
			}
		}
		return any ? context.build() : LlmCallContext.EMPTY;
	}

	private static List<String> tags(Object value) {
		if (value instanceof Collection<?> collection) {
			return collection.stream().filter((tag) -> tag != null).map(Object::toString).toList();
		}
		return java.util.Arrays.stream(value.toString().split(","))
			.map(String::trim)
			.filter((t) -> !t.isEmpty())
			.toList();
	}

	@Override
	public String getName() {
		return "LlmMonitorAdvisor";
	}

	@Override
	public int getOrder() {
		return DEFAULT_ORDER;
	}

	/**
	 * One call in flight.
	 */
	private final class Capture {

		private final ChatCallState state;

		private final LlmCallContext context;

		private final Prompt requestPrompt;

		private final LlmCall.Builder call;

		private final long startNanos;

		private final boolean captureContent;

		private final boolean streamed;

		private final int maxChars;

		private @Nullable StringBuilder text;

		private long firstTokenNanos;

		private @Nullable ChatResponse lastUsage;

		private @Nullable String model;

		private @Nullable String responseId;

		private @Nullable String finishReason;

		private boolean finished;

		private @Nullable Integer errorHttpStatus;

		Capture(ChatClientRequest request, LlmCallContext context, boolean streamed) {
			this.startNanos = System.nanoTime();
			this.streamed = streamed;
			java.time.Instant startedAt = LlmMonitorAdvisor.this.clock.instant();
			ContentPolicy contentPolicy = LlmMonitorAdvisor.this.recorder.contentPolicy();
			this.captureContent = contentPolicy.capturesContent();
			this.maxChars = contentPolicy.maxChars();
			String id = LlmCallIds.next(startedAt);
			this.state = new ChatCallState(id);
			this.context = context;
			this.call = LlmCall.builder(id, startedAt)
				.source(LlmCall.SOURCE_ADVISOR)
				.operation(LlmCall.OPERATION_CHAT)
				.streamed(streamed)
				.project((context.project() != null) ? context.project()
						: LlmMonitorAdvisor.this.recorder.defaultProject())
				.threadId(context.threadId())
				.userId(context.userId())
				.clientId(context.clientId())
				.tags(context.tags())
				.attributes(context.attributes());
			this.requestPrompt = request.prompt();
			TraceIds ids = LlmMonitorAdvisor.this.traceIds.current();
			if (ids != null) {
				this.call.traceId(ids.traceId()).spanId(ids.spanId());
			}
		}

		/**
		 * Describe the request from the prompt the model last got (with chat memory and
		 * tool results), or the one this advisor got when no model request was made.
		 */
		private void describeRequest(Prompt prompt) {
			ChatOptions options = prompt.getOptions();
			HttpDetails http = this.state.httpDetails();
			this.call
				.provider((http != null) ? http.provider()
						: ChatModelResponses.provider(options, LlmMonitorAdvisor.this.openAiBaseUrl))
				.requestedModel((options != null) ? options.getModel() : null)
				.requestOptions(ChatModelResponses.requestOptions(options));
			if (this.captureContent) {
				this.call.messages(ChatModelResponses.messages(prompt));
			}
		}

		void succeeded(@Nullable ChatResponse response) {
			if (response != null) {
				ChatModelResponses.applyUsage(this.call, response);
				this.call.model(ChatModelResponses.model(response))
					.responseId(ChatModelResponses.id(response))
					.finishReason(ChatModelResponses.finishReason(response));
				if (this.captureContent) {
					this.call.responseText(ChatModelResponses.responseText(response));
				}
			}
			finish();
		}

		synchronized void chunk(ChatClientResponse chunk) {
			ChatResponse response = chunk.chatResponse();
			if (response == null) {
				return;
			}
			String chunkText = ChatModelResponses.responseText(response);
			if (this.firstTokenNanos == 0 && (chunkText != null || response.hasToolCalls())) {
				this.firstTokenNanos = System.nanoTime();
			}
			if (chunkText != null && this.captureContent) {
				if (this.text == null) {
					this.text = new StringBuilder();
				}
				if (this.text.length() <= this.maxChars) {
					this.text.append(chunkText);
				}
			}
			if (ChatModelResponses.hasUsage(response)) {
				this.lastUsage = response;
			}
			String chunkModel = ChatModelResponses.model(response);
			if (chunkModel != null) {
				this.model = chunkModel;
			}
			String chunkId = ChatModelResponses.id(response);
			if (chunkId != null) {
				this.responseId = chunkId;
			}
			String reason = ChatModelResponses.finishReason(response);
			if (reason != null) {
				this.finishReason = reason;
			}
		}

		synchronized void completed() {
			streamEnded(this.finishReason);
			finish();
		}

		synchronized void cancelled() {
			streamEnded((this.finishReason != null) ? this.finishReason : "cancelled");
			finish();
		}

		synchronized void failed(Throwable ex) {
			if (this.streamed) {
				streamEnded(this.finishReason);
			}
			this.errorHttpStatus = HttpStatuses.of(ex);
			this.call.status(LlmCall.STATUS_ERROR)
				.errorType(ex.getClass().getName())
				.errorMessage(ex.getMessage())
				.httpStatus(this.errorHttpStatus);
			finish();
		}

		private void streamEnded(@Nullable String reason) {
			ChatModelResponses.applyUsage(this.call, this.lastUsage);
			this.call.model(this.model).responseId(this.responseId).finishReason(reason);
			if (this.firstTokenNanos != 0) {
				this.call.timeToFirstTokenMs((this.firstTokenNanos - this.startNanos) / 1_000_000);
			}
			if (this.text != null) {
				this.call.responseText(this.text.toString());
			}
		}

		private void applyHttpDetails() {
			HttpDetails http = this.state.httpDetails();
			if (http == null) {
				return;
			}
			if (this.errorHttpStatus == null) {
				this.call.httpStatus(http.httpStatus());
			}
			if (!http.attributes().isEmpty()) {
				Map<String, String> attributes = new java.util.LinkedHashMap<>(http.attributes());
				attributes.putAll(this.context.attributes());
				this.call.attributes(attributes);
			}
		}

		private void finish() {
			if (this.finished) {
				return;
			}
			this.finished = true;
			// Only streams register their model requests; blocking ones use the
			// thread-local.
			if (LlmMonitorAdvisor.this.correlation != null && this.streamed) {
				LlmMonitorAdvisor.this.correlation.unregister(this.state.callId());
			}
			try {
				int modelRequests = this.state.modelRequests();
				Prompt sent = this.state.lastPrompt();
				describeRequest((sent != null) ? sent : this.requestPrompt);
				applyHttpDetails();
				this.call.latencyMs((System.nanoTime() - this.startNanos) / 1_000_000)
					.modelRequests(Math.max(modelRequests, 1))
					.toolCalls(this.state.toolCalls());
				LlmMonitorAdvisor.this.recorder.record(this.call.build());
			}
			catch (RuntimeException recordingFailure) {
				logger.warn("llm-monitor failed to record a ChatClient call", recordingFailure);
			}
		}

	}

}
