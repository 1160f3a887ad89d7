package io.llmmonitor.record;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What a call asked for.
 *
 * @param operation the operation
 * @param requestedModel the model named in the request
 * @param streamed whether the response was streamed
 * @param requestOptions request options such as temperature and max tokens
 * @param messages the prompt messages (content)
 * @since 0.1.0
 */
public record CallRequest(CallOperation operation, @Nullable String requestedModel, boolean streamed,
		Map<String, Object> requestOptions, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<LlmMessage> messages) {

	public CallRequest {
		Assert.notNull(operation, "'operation' must not be null");
		requestOptions = Map.copyOf(requestOptions);
		messages = List.copyOf(messages);
	}

	/**
	 * Return a copy with other messages.
	 * @param messages the messages
	 * @return the copy, or this request when the messages are the same
	 */
	public CallRequest withMessages(List<LlmMessage> messages) {
		return messages.equals(this.messages) ? this
				: new CallRequest(this.operation, this.requestedModel, this.streamed, this.requestOptions, messages);
	}

}
