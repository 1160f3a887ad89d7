package io.llmmonitor.capture;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.ai.chat.client.ChatClientRequest;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.CallAdvisor;
import org.springframework.ai.chat.client.advisor.api.CallAdvisorChain;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisor;
import org.springframework.ai.chat.client.advisor.api.StreamAdvisorChain;
import org.springframework.core.Ordered;

/**
 * Companion of {@link LlmMonitorAdvisor} that sits just before the model, inside tool
 * calling: it runs once per model request and tells the outer advisor how many requests
 * one logical call made and which tools the model called. It records nothing itself.
 *
 * @since 0.1.0
 */
public final class LlmMonitorRoundAdvisor implements CallAdvisor, StreamAdvisor {

	/** Just before the model, after tool calling and structured-output validation. */
	public static final int DEFAULT_ORDER = Ordered.LOWEST_PRECEDENCE - 100;

	@Override
	public ChatClientResponse adviseCall(ChatClientRequest request, CallAdvisorChain chain) {
		ChatCallState state = state(request);
		if (state == null) {
			return chain.nextCall(request);
		}
		state.modelRequestStarted(request.prompt());
		ChatClientResponse response = chain.nextCall(request);
		state.collectToolCalls(response);
		return response;
	}

	@Override
	public Flux<ChatClientResponse> adviseStream(ChatClientRequest request, StreamAdvisorChain chain) {
		ChatCallState state = state(request);
		if (state == null) {
			return chain.nextStream(request);
		}
		return Flux.defer(() -> {
			state.modelRequestStarted(request.prompt());
			return chain.nextStream(request).doOnNext(state::collectToolCalls);
		});
	}

	private static @Nullable ChatCallState state(ChatClientRequest request) {
		return (request.context().get(LlmMonitorAdvisor.STATE) instanceof ChatCallState state) ? state : null;
	}

	@Override
	public String getName() {
		return "LlmMonitorRoundAdvisor";
	}

	@Override
	public int getOrder() {
		return DEFAULT_ORDER;
	}

}
