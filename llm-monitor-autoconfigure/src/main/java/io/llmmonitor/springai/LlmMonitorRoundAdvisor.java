package io.llmmonitor.springai;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import io.llmmonitor.capture.HttpDetails;
import io.llmmonitor.capture.LlmCallCorrelation;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Companion of {@link LlmMonitorAdvisor} that sits just before the model, inside tool
 * calling: it runs once per model request and tells the outer advisor how many requests
 * one logical call made and which tools the model called. With HTTP-level capture on, it
 * also ties each model request to its call (see {@link LlmCallCorrelation}). It records
 * nothing itself.
 *
 * @since 0.1.0
 */
public final class LlmMonitorRoundAdvisor implements CallAdvisor, StreamAdvisor {

	/** Just before the model, after tool calling and structured-output validation. */
	public static final int DEFAULT_ORDER = Ordered.LOWEST_PRECEDENCE - 100;

	private static final boolean OPENAI_PRESENT = ClassUtils
		.isPresent("org.springframework.ai.openai.OpenAiChatOptions", LlmMonitorRoundAdvisor.class.getClassLoader());

	private static final boolean ANTHROPIC_PRESENT = ClassUtils.isPresent(
			"org.springframework.ai.anthropic.AnthropicChatOptions", LlmMonitorRoundAdvisor.class.getClassLoader());

	private final @Nullable LlmCallCorrelation correlation;

	/**
	 * Create an advisor that only counts model requests.
	 */
	public LlmMonitorRoundAdvisor() {
		this(null);
	}

	/**
	 * Create an advisor.
	 * @param correlation ties model requests to their call for HTTP-level capture, or
	 * {@code null} when HTTP-level capture is off
	 */
	public LlmMonitorRoundAdvisor(@Nullable LlmCallCorrelation correlation) {
		this.correlation = correlation;
	}

	@Override
	public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
		ChatClientCall call = call(request);
		if (call == null) {
			return chain.nextCall(request);
		}
		call.modelRequestStarted(request.prompt());
		if (this.correlation == null) {
			ChatClientResponse response = chain.nextCall(request);
			call.collectToolCalls(response);
			return response;
		}
		// A blocking model request runs on this thread: the thread-local ties it to its
		// call.
		Consumer<HttpDetails> previous = LlmCallCorrelation.enter(call);
		try {
			ChatClientResponse response = chain.nextCall(request);
			call.collectToolCalls(response);
			return response;
		}
		finally {
			LlmCallCorrelation.exit(previous);
		}
	}

	@Override
	public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
		ChatClientCall call = call(request);
		if (call == null) {
			return chain.nextStream(request);
		}
		LlmCallCorrelation correlation = this.correlation;
		return Flux.defer(() -> {
			call.modelRequestStarted(request.prompt());
			if (correlation == null) {
				return chain.nextStream(request).doOnNext(call::collectToolCalls);
			}
			correlation.register(call.id(), call);
			return chain.nextStream(tagged(request, call))
				.doOnNext(call::collectToolCalls)
				.contextWrite((context) -> context.put(LlmCallCorrelation.CONTEXT_KEY, call));
		});
	}

	/**
	 * Add the correlation header to an OpenAI or Anthropic request (their SDKs run
	 * streams on their own threads, where neither a thread-local nor the Reactor context
	 * reaches).
	 * @param request the request
	 * @param call the call its model request belongs to
	 * @return the request, tagged when it goes to an OpenAI or Anthropic model
	 */
	private static ChatClientRequest tagged(ChatClientRequest request, ChatClientCall call) {
		ChatOptions options = request.prompt().getOptions();
		ChatOptions tagged = null;
		if (OPENAI_PRESENT && options != null && OpenAiSupport.isOpenAi(options)) {
			tagged = OpenAiSupport.withHeader(options, LlmCallCorrelation.HEADER, call.id());
		}
		else if (ANTHROPIC_PRESENT && options != null && AnthropicSupport.isAnthropic(options)) {
			tagged = AnthropicSupport.withHeader(options, LlmCallCorrelation.HEADER, call.id());
		}
		if (tagged == null) {
			return request;
		}
		return new ChatClientRequest(new Prompt(request.prompt().getInstructions(), tagged), request.context());
	}

	private static @Nullable ChatClientCall call(ChatClientRequest request) {
		return (request.context().get(LlmMonitorAdvisor.CALL) instanceof ChatClientCall call) ? call : null;
	}

	@Override
	public String getName() {
		return "LlmMonitorRoundAdvisor";
	}

	@Override
	public int getOrder() {
		return DEFAULT_ORDER;
	}

	/**
	 * Touches OpenAI types only when they are on the classpath.
	 */
	private static final class OpenAiSupport {

		static boolean isOpenAi(ChatOptions options) {
			return options instanceof org.springframework.ai.openai.OpenAiChatOptions;
		}

		static ChatOptions withHeader(ChatOptions options, String name, String value) {
			org.springframework.ai.openai.OpenAiChatOptions openAi = (org.springframework.ai.openai.OpenAiChatOptions) options;
			Map<String, String> headers = (openAi.getCustomHeaders() != null) ? new HashMap<>(openAi.getCustomHeaders())
					: new HashMap<>();
			headers.put(name, value);
			return openAi.mutate().customHeaders(headers).build();
		}

	}

	/**
	 * Touches Anthropic types only when they are on the classpath.
	 */
	private static final class AnthropicSupport {

		static boolean isAnthropic(ChatOptions options) {
			return options instanceof org.springframework.ai.anthropic.AnthropicChatOptions;
		}

		static ChatOptions withHeader(ChatOptions options, String name, String value) {
			org.springframework.ai.anthropic.AnthropicChatOptions anthropic = (org.springframework.ai.anthropic.AnthropicChatOptions) options;
			Map<String, String> headers = (anthropic.getHttpHeaders() != null)
					? new HashMap<>(anthropic.getHttpHeaders()) : new HashMap<>();
			headers.put(name, value);
			return anthropic.mutate().httpHeaders(headers).build();
		}

	}

}
