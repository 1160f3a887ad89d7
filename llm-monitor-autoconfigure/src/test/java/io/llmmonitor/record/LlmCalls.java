package io.llmmonitor.record;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Realistic call records for store and endpoint tests.
 */
public final class LlmCalls {

	private LlmCalls() {
	}

	public static LlmCall.Builder call(Instant startedAt) {
		return LlmCall.builder(LlmCallIds.next(startedAt), startedAt)
			.latencyMs(850)
			.project("default")
			.source("advisor")
			.provider("openai")
			.operation("chat")
			.requestedModel("gpt-4o")
			.model("gpt-4o-2024-08-06")
			.responseId("chatcmpl-Bu8vBIrB8kIWKRyTcpEEPncjhHtMU")
			.promptTokens(14L)
			.completionTokens(7L)
			.totalTokens(21L)
			.cachedTokens(0L)
			.reasoningTokens(0L)
			.costUsd(new BigDecimal("0.000105"))
			.finishReason("stop")
			.status("success")
			.requestOptions(Map.of("temperature", 0.2))
			.messages(List.of(new LlmMessage("system", "You are a concise geography assistant."),
					new LlmMessage("user", "What is the capital of France?")))
			.responseText("The capital of France is Paris.");
	}

}
