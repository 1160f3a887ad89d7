package io.llmmonitor.benchmarks;

import java.util.List;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * An in-process model that answers every prompt at once with the same response and usage,
 * so that a benchmark measures only what happens around the model.
 */
public class FixedChatModel implements ChatModel {

	private final ChatResponse response = new ChatResponse(
			List.of(new Generation(new AssistantMessage("The capital of France is Paris."),
					ChatGenerationMetadata.builder().finishReason("STOP").build())),
			ChatResponseMetadata.builder()
				.id("chatcmpl-Bu8vBIrB8kIWKRyTcpEEPncjhHtMU")
				.model("gpt-4o-mini-2024-07-18")
				.usage(new DefaultUsage(14, 7, 21))
				.build());

	@Override
	public ChatResponse call(Prompt prompt) {
		return this.response;
	}

}
