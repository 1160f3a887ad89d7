package io.llmmonitor.http;

import io.llmmonitor.capture.Providers;
import io.llmmonitor.record.CallOperation;
import org.jspecify.annotations.Nullable;

/**
 * Recognises OpenAI-compatible API calls by method and path, and names the provider
 * behind one from its host, path and headers.
 *
 */
final class OpenAiApi {

	private static final String AZURE_DEPLOYMENTS = "/openai/deployments/";

	// Anthropic's Messages API (not /v1/messages/count_tokens, which bills nothing, nor
	// OpenAI's /v1/threads/{id}/messages, which stores a message)
	private static final String ANTHROPIC_MESSAGES = "/v1/messages";

	private static final String[] OPERATION_PATHS = { "/chat/completions", "/completions", "/embeddings", "/responses",
			"/messages" };

	private OpenAiApi() {
	}

	/**
	 * Return the operation a request performs, looking at the method and path only.
	 * @param method the HTTP method
	 * @param path the request path
	 * @return {@code chat} (Chat Completions and Anthropic's Messages API),
	 * {@code completion}, {@code embedding} or {@code responses}, or {@code null} when
	 * the request is not an LLM call
	 */
	static @Nullable CallOperation operation(String method, @Nullable String path) {
		if (path == null || !"POST".equalsIgnoreCase(method)) {
			return null;
		}
		int end = path.length();
		while (end > 0 && path.charAt(end - 1) == '/') {
			end--;
		}
		if (endsWith(path, end, "/chat/completions")) {
			return CallOperation.CHAT;
		}
		if (endsWith(path, end, "/completions")) {
			return CallOperation.COMPLETION;
		}
		if (endsWith(path, end, "/embeddings")) {
			return CallOperation.EMBEDDING;
		}
		if (endsWith(path, end, "/responses")) {
			return CallOperation.RESPONSES;
		}
		if (endsWith(path, end, ANTHROPIC_MESSAGES) && !path.contains("/threads/")) {
			return CallOperation.CHAT;
		}
		return null;
	}

	/**
	 * Return the part of an LLM call's path before its operation.
	 * @param path the request path as sent
	 * @return the path prefix ({@code /v1}), empty when there is none
	 */
	static String basePath(@Nullable String path) {
		if (path == null) {
			return "";
		}
		int end = path.length();
		while (end > 0 && path.charAt(end - 1) == '/') {
			end--;
		}
		for (String suffix : OPERATION_PATHS) {
			if (endsWith(path, end, suffix)) {
				return path.substring(0, end - suffix.length());
			}
		}
		return path.substring(0, end);
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
	 * @param anthropicHeader whether the request carried Anthropic's
	 * {@code anthropic-version} header
	 * @param responseHint the provider the response body points to, or {@code null}
	 * @return the provider
	 */
	static String provider(@Nullable String host, int port, @Nullable String path, boolean azureKeyHeader,
			boolean anthropicHeader, @Nullable String responseHint) {
		String byHost = Providers.fromHost(host, port);
		if (!Providers.OPENAI_COMPATIBLE.equals(byHost)) {
			return byHost;
		}
		if (anthropicHeader) {
			return Providers.ANTHROPIC;
		}
		if ((path != null && path.contains(AZURE_DEPLOYMENTS)) || azureKeyHeader) {
			return "azure";
		}
		return (responseHint != null) ? responseHint : byHost;
	}

	/**
	 * Return the deployment an Azure OpenAI path names, which stands for the model there.
	 * @param path the request path as sent
	 * @return the deployment, or {@code null} for any other path
	 */
	static @Nullable String azureDeployment(@Nullable String path) {
		int at = (path != null) ? path.indexOf(AZURE_DEPLOYMENTS) : -1;
		if (path == null || at < 0) {
			return null;
		}
		int from = at + AZURE_DEPLOYMENTS.length();
		int end = path.indexOf('/', from);
		return (end > from) ? path.substring(from, end) : null;
	}

}
