package io.llmmonitor.springai;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.llmmonitor.capture.CallOutcomes;
import io.llmmonitor.capture.HttpDetails;
import io.llmmonitor.capture.StartedCall;
import io.llmmonitor.record.CallOperation;
import io.llmmonitor.record.CallOutcome;
import io.llmmonitor.record.CallRequest;
import io.llmmonitor.record.CallResponse;
import io.llmmonitor.record.CallTokens;
import io.llmmonitor.record.LlmToolCall;
import org.jspecify.annotations.Nullable;

import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * One ChatClient call or stream, from the outer {@link LlmMonitorAdvisor} to its end:
 * what the inner {@link LlmMonitorRoundAdvisor} learns while tool calling runs it as
 * several model requests (their number, the latest prompt, the tool calls), the
 * {@link HttpDetails} HTTP-level capture reports of the latest one, and the chunks of a
 * stream. Travels in the advisor context, which tool calling shares between rounds, and
 * finishes its {@link StartedCall} once.
 */
final class ChatClientCall implements Consumer<HttpDetails> {

	private final StartedCall started;

	private final Prompt requestPrompt;

	private final boolean streamed;

	private final @Nullable String openAiBaseUrl;

	private final AtomicInteger modelRequests = new AtomicInteger();

	private final List<LlmToolCall> toolCalls = new ArrayList<>();

	private volatile @Nullable Prompt lastPrompt;

	private volatile @Nullable HttpDetails httpDetails;

	private final StreamedResponse stream;

	ChatClientCall(StartedCall started, Prompt requestPrompt, boolean streamed, @Nullable String openAiBaseUrl) {
		this.started = started;
		this.requestPrompt = requestPrompt;
		this.streamed = streamed;
		this.openAiBaseUrl = openAiBaseUrl;
		this.stream = new StreamedResponse(streamed ? started.textBudget() : 0);
	}

	String id() {
		return this.started.id();
	}

	boolean streamed() {
		return this.streamed;
	}

	@Override
	public void accept(HttpDetails details) {
		this.httpDetails = details;
	}

	void modelRequestStarted(Prompt prompt) {
		this.modelRequests.incrementAndGet();
		this.lastPrompt = prompt;
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

	void succeeded(@Nullable ChatResponse response) {
		finish(ChatModelResponses.response(response, modelRequests(), toolCalls()), ChatModelResponses.tokens(response),
				CallOutcome.success(httpStatus()));
	}

	void chunk(ChatClientResponse chunk) {
		ChatResponse response = chunk.chatResponse();
		if (response != null && this.stream.add(response)) {
			this.started.firstToken(System.nanoTime());
		}
	}

	void completed() {
		finishStream(null, CallOutcome.success(httpStatus()));
	}

	void cancelled() {
		finishStream("cancelled", CallOutcome.success(httpStatus()));
	}

	void failed(Throwable failure) {
		CallOutcome outcome = CallOutcomes.failed(failure, this.streamed && this.stream.started());
		if (outcome.httpStatus() == null) {
			outcome = outcome.withHttpStatus(httpStatus());
		}
		if (this.streamed) {
			finishStream(null, outcome);
		}
		else {
			finish(ChatModelResponses.response(null, modelRequests(), toolCalls()), CallTokens.NONE, outcome);
		}
	}

	private void finishStream(@Nullable String endedBy, CallOutcome outcome) {
		finish(this.stream.response(endedBy, modelRequests(), toolCalls()), this.stream.tokens(), outcome);
	}

	private void finish(CallResponse response, CallTokens tokens, CallOutcome outcome) {
		Prompt sent = this.lastPrompt;
		Prompt prompt = (sent != null) ? sent : this.requestPrompt;
		ChatOptions options = prompt.getOptions();
		HttpDetails http = this.httpDetails;
		String provider = (http != null) ? http.provider() : ChatModelResponses.provider(options, this.openAiBaseUrl);
		if (http != null) {
			this.started.providerHeaders(http.attributes());
			this.started.baseUrl(http.baseUrl());
		}
		CallRequest request = new CallRequest(CallOperation.CHAT, (options != null) ? options.getModel() : null,
				this.streamed, ChatModelResponses.requestOptions(options), ChatModelResponses.messages(prompt));
		this.started.finish(provider, request, response, ChatModelResponses.recordCounting(tokens, provider), outcome);
	}

	private @Nullable Integer httpStatus() {
		HttpDetails http = this.httpDetails;
		return (http != null) ? http.httpStatus() : null;
	}

	private int modelRequests() {
		return Math.max(this.modelRequests.get(), 1);
	}

	private List<LlmToolCall> toolCalls() {
		synchronized (this.toolCalls) {
			return List.copyOf(this.toolCalls);
		}
	}

	@Override
	public String toString() {
		return "ChatClientCall[" + this.started.id() + ", modelRequests=" + this.modelRequests + "]";
	}

}
