package io.llmmonitor.http;

import java.util.Set;

import io.llmmonitor.capture.Providers;
import io.llmmonitor.record.CallTokens;
import io.llmmonitor.record.LlmToolCall;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads an answer of Anthropic's Messages API into a {@link ParsedResponse}: a whole
 * message, or the events of its stream ({@code message_start}, the content blocks' start,
 * deltas and stop, {@code message_delta}, {@code message_stop}, {@code ping}). Text is
 * the answer, thinking is reasoning beside it, {@code tool_use} blocks are tool calls
 * (their input joined from its JSON pieces), server-side tools are not. Not thread-safe:
 * one reader feeds it.
 */
final class AnthropicMessages {

	/** The event types of a Messages stream, besides {@code error}. */
	static final Set<String> EVENTS = Set.of("message_start", "content_block_start", "content_block_delta",
			"content_block_stop", "message_delta", "message_stop", "ping");

	private final ParsedResponse parsed;

	private final ParsedContent content;

	private final AnthropicUsage usage = new AnthropicUsage();

	AnthropicMessages(ParsedResponse parsed, ParsedContent content) {
		this.parsed = parsed;
		this.content = content;
	}

	// A whole message, or the message of message_start
	void applyMessage(JsonNode message) {
		this.parsed.hint(Providers.ANTHROPIC);
		this.parsed.identify(ParsedResponse.text(message, "id"), ParsedResponse.text(message, "model"));
		applyUsage(message.get("usage"));
		applyStopReason(message);
		for (JsonNode block : message.path("content")) {
			String type = ParsedResponse.text(block, "type");
			if ("text".equals(type)) {
				this.content.append(block.get("text"));
			}
			else if ("tool_use".equals(type)) {
				JsonNode input = block.get("input");
				this.content.addToolCall(new LlmToolCall(ParsedResponse.text(block, "id"),
						String.valueOf(ParsedResponse.text(block, "name")), (input != null) ? input.toString() : null));
			}
		}
	}

	void applyEvent(String type, JsonNode event) {
		int index = event.path("index").asInt(0);
		switch (type) {
			case "message_start" -> applyMessage(event.path("message"));
			case "content_block_start" -> startBlock(index, event.path("content_block"));
			case "content_block_delta" -> applyDelta(index, event.path("delta"));
			case "message_delta" -> {
				applyStopReason(event.path("delta"));
				applyUsage(event.get("usage"));
			}
			case "message_stop" -> this.parsed.complete();
			default -> {
			}
		}
	}

	private void startBlock(int index, JsonNode block) {
		String type = ParsedResponse.text(block, "type");
		if ("text".equals(type)) {
			this.content.append(block.get("text"));
		}
		else if ("tool_use".equals(type)) {
			this.content.startToolCall(index, ParsedResponse.text(block, "id"), ParsedResponse.text(block, "name"));
		}
	}

	private void applyDelta(int index, JsonNode delta) {
		String type = ParsedResponse.text(delta, "type");
		if ("text_delta".equals(type)) {
			this.content.append(delta.get("text"));
		}
		else if ("input_json_delta".equals(type)) {
			this.content.toolCallArguments(index, ParsedResponse.text(delta, "partial_json"));
		}
		else if ("thinking_delta".equals(type)) {
			this.content.appendReasoning(delta.get("thinking"));
		}
	}

	private void applyStopReason(JsonNode node) {
		String reason = ParsedResponse.text(node, "stop_reason");
		if (reason != null) {
			this.parsed.finishReason(reason);
		}
	}

	private void applyUsage(@Nullable JsonNode usageNode) {
		if (usageNode == null || !usageNode.isObject()) {
			return;
		}
		this.usage.merge(usageNode);
		CallTokens tokens = this.usage.tokens();
		if (tokens != null) {
			this.parsed.usage(tokens);
		}
	}

}
