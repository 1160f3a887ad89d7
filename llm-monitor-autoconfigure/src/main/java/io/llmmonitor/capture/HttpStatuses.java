package io.llmmonitor.capture;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClientResponseException;

/**
 * Finds the HTTP status behind an exception thrown by a model client: the OpenAI SDK's
 * service exceptions and Spring's {@code RestClientResponseException}, anywhere in the
 * cause chain.
 *
 * @since 0.1.0
 */
public final class HttpStatuses {

	private static final boolean OPENAI_PRESENT = ClassUtils.isPresent("com.openai.errors.OpenAIServiceException",
			HttpStatuses.class.getClassLoader());

	private static final boolean SPRING_WEB_PRESENT = ClassUtils
		.isPresent("org.springframework.web.client.RestClientResponseException", HttpStatuses.class.getClassLoader());

	private HttpStatuses() {
	}

	/**
	 * Return the HTTP status behind the exception.
	 * @param ex the exception
	 * @return the status, or {@code null} when none is known
	 */
	public static @Nullable Integer of(Throwable ex) {
		for (Throwable current = ex; current != null; current = (current.getCause() != current) ? current.getCause()
				: null) {
			if (OPENAI_PRESENT && current instanceof com.openai.errors.OpenAIServiceException serviceException) {
				return serviceException.statusCode();
			}
			if (SPRING_WEB_PRESENT && current instanceof RestClientResponseException responseException) {
				return responseException.getStatusCode().value();
			}
		}
		return null;
	}

}
