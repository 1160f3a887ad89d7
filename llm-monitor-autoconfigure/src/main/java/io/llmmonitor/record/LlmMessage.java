package io.llmmonitor.record;

import org.jspecify.annotations.Nullable;

/**
 * One message of a prompt as it was sent to the model.
 *
 * @param role the role: {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param content the text of the message, or {@code null} when it has none
 * @since 0.1.0
 */
public record LlmMessage(String role, @Nullable String content) {

	/**
	 * Return a copy with other content.
	 * @param content the new content
	 * @return the copy
	 */
	public LlmMessage withContent(@Nullable String content) {
		return new LlmMessage(this.role, content);
	}

}
