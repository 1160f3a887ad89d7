package io.llmmonitor.http;

import java.util.List;
import java.util.regex.Pattern;

import io.llmmonitor.record.CallOperation;
import io.llmmonitor.record.CallRequest;
import io.llmmonitor.record.CallResponse;
import io.llmmonitor.record.CallTokens;
import io.llmmonitor.record.LlmMessage;
import io.llmmonitor.record.LlmToolCall;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Token counts of a successful answer that reported none (a stream without a usage
 * chunk), counted with a {@link TokenEstimator}: the request's messages with the framing
 * OpenAI's chat format adds to each, and everything the model generated: the answer's
 * text or refusal, reasoning text sent beside it, and its tool calls as OpenAI frames
 * them.
 */
final class TokenEstimates {

	private static final Log logger = LogFactory.getLog(TokenEstimates.class);

	// Tokens OpenAI bills around the parts of an answer beyond their text, read off
	// recorded streams: a refusal (10 tokens of text billed as 11, 11 as 12) and a
	// tool call (2 + 7 as 16, 2 + 10 as 19, 3 + 14 as 24)
	private static final int REFUSAL_FRAMING = 1;

	private static final int TOOL_CALL_FRAMING = 7;

	private static final String PARALLEL_TOOL = "multi_tool_use.parallel";

	private static final String TOOL_OUTPUT_START = "<output>";

	private static final Pattern TOOL_OUTPUT = Pattern.compile("<output>.*?(</output>|\\z)", Pattern.DOTALL);

	private TokenEstimates() {
	}

	/**
	 * Estimate the tokens of a call.
	 * @param estimator the estimator
	 * @param request what was asked
	 * @param response what came back, with its whole text
	 * @return the estimated counts, or {@link CallTokens#NONE} when there is nothing to
	 * count
	 */
	static CallTokens of(TokenEstimator estimator, CallRequest request, CallResponse response) {
		return of(estimator, request, null, response, new Generated(response.responseText(), null, null));
	}

	/**
	 * Estimate the tokens of a call from the parts its answer was read in.
	 * @param estimator the estimator
	 * @param request what was asked
	 * @param tools the tool definitions the request sent, or {@code null}
	 * @param response what came back, with its tool calls
	 * @param generated the answer's text, refusal and reasoning text
	 * @return the estimated counts, or {@link CallTokens#NONE} when there is nothing to
	 * count
	 */
	static CallTokens of(TokenEstimator estimator, CallRequest request, @Nullable JsonNode tools, CallResponse response,
			Generated generated) {
		CallOperation operation = request.operation();
		boolean embedding = operation == CallOperation.EMBEDDING;
		List<LlmMessage> messages = request.messages();
		if (embedding && messages.isEmpty()) {
			return CallTokens.NONE;
		}
		String model = (response.model() != null) ? response.model() : request.requestedModel();
		try {
			Long prompt = messages.isEmpty() ? null : prompt(estimator, model, operation, messages)
					+ ToolDefinitionTokens.count(estimator, model, tools);
			Long completion = embedding ? null : completion(estimator, model, response, generated);
			return CallTokens.estimated(prompt, completion);
		}
		catch (RuntimeException ex) {
			logger.debug("llm-monitor could not estimate tokens", ex);
			return CallTokens.NONE;
		}
	}

	private static long prompt(TokenEstimator estimator, @Nullable String model, CallOperation operation,
			List<LlmMessage> messages) {
		boolean chat = operation == CallOperation.CHAT || operation == CallOperation.RESPONSES;
		long tokens = chat ? 3 : 0;
		for (LlmMessage message : messages) {
			if (message.content() != null) {
				tokens += estimator.count(model, message.content());
			}
			tokens += chat ? 4 : 0;
		}
		return tokens;
	}

	private static long completion(TokenEstimator estimator, @Nullable String model, CallResponse response,
			Generated generated) {
		long tokens = count(estimator, model, generated.answer())
				+ count(estimator, model, withoutToolOutput(generated.reasoning()));
		if (generated.refusal() != null) {
			tokens += count(estimator, model, generated.refusal()) + REFUSAL_FRAMING;
		}
		return tokens + toolCalls(estimator, model, response.toolCalls());
	}

	// A single tool call is billed as its name and arguments plus a fixed framing;
	// parallel calls are written as one call of multi_tool_use.parallel whose arguments
	// name each tool and hold its parameters.
	private static long toolCalls(TokenEstimator estimator, @Nullable String model, List<LlmToolCall> toolCalls) {
		if (toolCalls.isEmpty()) {
			return 0;
		}
		if (toolCalls.size() == 1) {
			LlmToolCall call = toolCalls.get(0);
			return count(estimator, model, call.name()) + count(estimator, model, call.arguments()) + TOOL_CALL_FRAMING;
		}
		StringBuilder parallel = new StringBuilder("{\"tool_uses\":[");
		for (int i = 0; i < toolCalls.size(); i++) {
			LlmToolCall call = toolCalls.get(i);
			parallel.append((i > 0) ? "," : "")
				.append("{\"recipient_name\":\"functions.")
				.append(call.name())
				.append("\",\"parameters\":")
				.append((call.arguments() != null) ? call.arguments() : "{}")
				.append('}');
		}
		parallel.append("]}");
		return count(estimator, model, PARALLEL_TOOL) + count(estimator, model, parallel.toString());
	}

	// Reasoning text that quotes what tools returned (Groq's compound models write it
	// between <output> tags): the tools' words, not the model's
	private static @Nullable String withoutToolOutput(@Nullable String reasoning) {
		return (reasoning != null && reasoning.contains(TOOL_OUTPUT_START))
				? TOOL_OUTPUT.matcher(reasoning).replaceAll("") : reasoning;
	}

	private static long count(TokenEstimator estimator, @Nullable String model, @Nullable String text) {
		return (text != null && !text.isEmpty()) ? estimator.count(model, text) : 0;
	}

	/**
	 * What a model generated beside its tool calls.
	 *
	 * @param answer the answer's text, or {@code null}
	 * @param refusal the refusal, or {@code null}
	 * @param reasoning reasoning text sent beside the answer, or {@code null}
	 */
	record Generated(@Nullable String answer, @Nullable String refusal, @Nullable String reasoning) {

	}

}
