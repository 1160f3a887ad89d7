package io.llmmonitor.http;

import io.llmmonitor.capture.Providers;
import io.llmmonitor.record.LlmCall;
import org.jspecify.annotations.Nullable;

/**
 * Recognises OpenAI-compatible API calls by method and path, and names the provider
 * behind one from its host, path and headers.
 *
 * @since 0.1.0
 */
public final class OpenAiApi {

	private OpenAiApi() {
	}

	/**
	 * Return the operation a request performs, looking at the method and path only.
	 * @param method the HTTP method
	 * @param path the request path
	 * @return {@code chat}, {@code completion}, {@code embedding} or {@code responses},
	 * or {@code null} when the request is not an LLM call
	 */
	public static @Nullable String operation(String method, @Nullable String path) {
		if (path == null || !"POST".equalsIgnoreCase(method)) {
			return null;
		}
		int end = path.length();
		while (end > 0 && path.charAt(end - 1) == '/') {
			end--;
		}
		if (endsWith(path, end, "/chat/completions")) {
			return LlmCall.OPERATION_CHAT;
		}
		if (endsWith(path, end, "/completions")) {
			return LlmCall.OPERATION_COMPLETION;
		}
		if (endsWith(path, end, "/embeddings")) {
			return LlmCall.OPERATION_EMBEDDING;
		}
		if (endsWith(path, end, "/responses")) {
			return LlmCall.OPERATION_RESPONSES;
		}
		return null;
	}

	private static boolean endsWith(String path, int end, String suffix) {
		return end >= suffix.length() && path.regionMatches(end - suffix.length(), suffix, 0, suffix.length());
	}

	/**
	 * Name the provider that served a call.
	 * @param host the request host
	 * @param port the request port, or -1
	 * @param path the request path as sent
	 * @param azureKeyHeader whether the request carried Azure's {@code api-key} header
	 * @param responseHint the provider the response body points to, or {@code null}
	 * @return the provider
	 */
	static String provider(@Nullable String host, int port, @Nullable String path, boolean azureKeyHeader,
			@Nullable String responseHint) {
		String byHost = Providers.fromHost(host, port);
		if (!Providers.OPENAI_COMPATIBLE.equals(byHost)) {
			return byHost;
		}
		if (path != null && path.contains("/openai/deployments/") || azureKeyHeader) {
			return "azure";
		}
		return (responseHint != null) ? responseHint : byHost;
	}

}
