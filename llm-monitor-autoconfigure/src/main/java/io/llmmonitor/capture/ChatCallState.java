package io.llmmonitor.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.llmmonitor.record.LlmToolCall;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * What the inner {@link LlmMonitorRoundAdvisor} learns about one logical ChatClient call
 * while tool calling runs it as several model requests: the number of requests, the
 * prompt of the latest one and the tool calls the model asked for; and, from HTTP-level
 * capture, the {@link HttpDetails} of the latest model request. Travels in the advisor
 * context, which tool calling shares between rounds.
 */
final class ChatCallState implements Consumer<HttpDetails> {

	private final String callId;

	private volatile @Nullable HttpDetails httpDetails;

	private final AtomicInteger modelRequests = new AtomicInteger();

	private final List<LlmToolCall> toolCalls = new ArrayList<>();

	private volatile @Nullable Prompt lastPrompt;

	ChatCallState(String callId) {
		this.callId = callId;
	}

	String callId() {
		return this.callId;
	}

	@Override
	public void accept(HttpDetails details) {
		this.httpDetails = details;
	}

	/**
	 * What the HTTP layer saw of the latest model request.
	 * @return the details, or {@code null} when no HTTP-level capture saw one
	 */
	@Nullable HttpDetails httpDetails() {
		return this.httpDetails;
	}

	void modelRequestStarted(Prompt prompt) {
		this.modelRequests.incrementAndGet();
		this.lastPrompt = prompt;
	}

	/**
	 * The prompt of the latest model request, as the model got it: after chat memory,
	 * tool results and every other advisor.
	 * @return the prompt, or {@code null} before the first model request
	 */
	@Nullable Prompt lastPrompt() {
		return this.lastPrompt;
	}

	int modelRequests() {
		return this.modelRequests.get();
	}

	void collectToolCalls(ChatClientResponse response) {
		ChatResponse chatResponse = response.chatResponse();
		if (chatResponse == null) {
			return;
		}
		for (Generation generation : chatResponse.getResults()) {
			AssistantMessage output = generation.getOutput();
			if (output.hasToolCalls()) {
				synchronized (this.toolCalls) {
					for (AssistantMessage.ToolCall toolCall : output.getToolCalls()) {
						this.toolCalls.add(new LlmToolCall(toolCall.id(), toolCall.name(), toolCall.arguments()));
					}
				}
			}
		}
	}

	List<LlmToolCall> toolCalls() {
		synchronized (this.toolCalls) {
			return List.copyOf(this.toolCalls);
		}
	}

	@Override
	public String toString() {
		return "ChatCallState[modelRequests=" + this.modelRequests + "]";
	}

}
