package io.llmmonitor.springai;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.llmmonitor.capture.LlmCallCorrelation;
import io.llmmonitor.capture.LlmCallRecorder;
import io.llmmonitor.capture.StartedCall;
import io.llmmonitor.context.LlmMonitor;
import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.LlmCallContext;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.core.Ordered;
import org.springframework.util.Assert;

/**
 * Records every call and stream of a {@code ChatClient} as one
 * {@link io.llmmonitor.record.LlmCall}. Ordered before tool calling
 * ({@value #DEFAULT_ORDER}), it sees one logical call whatever the number of tool rounds,
 * with the final request and the model's cumulative usage. Failures are recorded and
 * rethrown unchanged.
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

	static final String CALL = "llm.monitor.call";

	private final LlmCallRecorder recorder;

	private final @Nullable String openAiBaseUrl;

	private final @Nullable LlmCallCorrelation correlation;

	/**
	 * Create an advisor.
	 * @param recorder where calls start and finish
	 * @param openAiBaseUrl base URL of OpenAI models whose options name none (the
	 * configured {@code spring.ai.openai.base-url}), or {@code null} for OpenAI itself
	 */
	public LlmMonitorAdvisor(LlmCallRecorder recorder, @Nullable String openAiBaseUrl) {
		this(recorder, openAiBaseUrl, null);
	}

	/**
	 * Create an advisor whose records HTTP-level capture enriches.
	 * @param recorder where calls start and finish
	 * @param openAiBaseUrl base URL of OpenAI models whose options name none (the
	 * configured {@code spring.ai.openai.base-url}), or {@code null} for OpenAI itself
	 * @param correlation ties model requests to their call, or {@code null} when
	 * HTTP-level capture is off
	 */
	public LlmMonitorAdvisor(LlmCallRecorder recorder, @Nullable String openAiBaseUrl,
			@Nullable LlmCallCorrelation correlation) {
		Assert.notNull(recorder, "'recorder' must not be null");
		this.recorder = recorder;
		this.openAiBaseUrl = openAiBaseUrl;
		this.correlation = correlation;
	}

	@Override
	public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
		ChatClientCall call = start(request, LlmMonitor.current(), false);
		ChatClientResponse response;
		try {
			response = chain.nextCall(withCall(request, call));
		}
		catch (RuntimeException | Error ex) {
			call.failed(ex);
			throw ex;
		}
		call.succeeded(response.chatResponse());
		return response;
	}

	@Override
	public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
		return Flux.deferContextual((view) -> {
			Object reactorContext = view.getOrDefault(LlmMonitor.CONTEXT_KEY, null);
			LlmCallContext scoped = (reactorContext instanceof LlmCallContext context) ? context : LlmMonitor.current();
			ChatClientCall call = start(request, scoped, true);
			return chain.nextStream(withCall(request, call))
				.doOnNext(call::chunk)
				.doOnComplete(() -> ended(call).completed())
				.doOnError((ex) -> ended(call).failed(ex))
				.doOnCancel(() -> ended(call).cancelled());
		});
	}

	/**
	 * A stream ended: its model requests no longer need to be found by id.
	 * @param call the call
	 * @return the call
	 */
	private ChatClientCall ended(ChatClientCall call) {
		if (this.correlation != null) {
			this.correlation.unregister(call.id());
		}
		return call;
	}

	/**
	 * The request with the call in its context. Unlike {@code mutate()}, leaves the
	 * prompt as it is instead of copying it.
	 * @param request the request
	 * @param call the call
	 * @return the request for the rest of the chain
	 */
	private static ChatClientRequest withCall(ChatClientRequest request, ChatClientCall call) {
		Map<String, @Nullable Object> context = new HashMap<>(request.context());
		context.put(CALL, call);
		return new ChatClientRequest(request.prompt(), context);
	}

	private ChatClientCall start(ChatClientRequest request, LlmCallContext scoped, boolean streamed) {
		StartedCall started = this.recorder.start(CallSource.ADVISOR, scoped.merge(fromParams(request.context())));
		return new ChatClientCall(started, request.prompt(), streamed, this.openAiBaseUrl);
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
		return Arrays.stream(value.toString().split(",")).map(String::trim).filter((t) -> !t.isEmpty()).toList();
	}

	@Override
	public String getName() {
		return "LlmMonitorAdvisor";
	}

	@Override
	public int getOrder() {
		return DEFAULT_ORDER;
	}

}
