package io.llmmonitor.http;

import java.util.List;

import io.llmmonitor.record.CallOperation;
import io.llmmonitor.record.CallRequest;
import io.llmmonitor.record.CallResponse;
import io.llmmonitor.record.CallTokens;
import io.llmmonitor.record.LlmMessage;
import io.llmmonitor.record.LlmToolCall;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Token counts of a successful answer that reported none (a stream without a usage
 * chunk), counted with a {@link TokenEstimator}: the request's messages with the framing
 * OpenAI's chat format adds to each, and the text and tool calls of the answer.
 */
final class TokenEstimates {

	private static final Log logger = LogFactory.getLog(TokenEstimates.class);

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
		CallOperation operation = request.operation();
		boolean embedding = operation == CallOperation.EMBEDDING;
		List<LlmMessage> messages = request.messages();
		if (embedding && messages.isEmpty()) {
			return CallTokens.NONE;
		}
		String model = (response.model() != null) ? response.model() : request.requestedModel();
		try {
			Long prompt = messages.isEmpty() ? null : prompt(estimator, model, operation, messages);
			Long completion = embedding ? null : completion(estimator, model, response);
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

	private static long completion(TokenEstimator estimator, @Nullable String model, CallResponse response) {
		String text = response.responseText();
		long tokens = (text != null) ? estimator.count(model, text) : 0;
		for (LlmToolCall toolCall : response.toolCalls()) {
			tokens += estimator.count(model,
					toolCall.name() + " " + ((toolCall.arguments() != null) ? toolCall.arguments() : ""));
		}
		return tokens;
	}

}
