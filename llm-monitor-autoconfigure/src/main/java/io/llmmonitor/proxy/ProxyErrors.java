package io.llmmonitor.proxy;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Error responses of the proxy itself, in the shape OpenAI's API and SDKs use:
 * {@code {"error": {"message", "type", "param", "code"}}}.
 */
final class ProxyErrors {

	private static final ObjectMapper json = JsonMapper.builder().build();

	private ProxyErrors() {
	}

	static void send(HttpServletResponse response, int status, String type, String code, String message)
			throws IOException {
		byte[] body = body(type, code, message);
		response.setStatus(status);
		response.setContentType("application/json");
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	static byte[] body(String type, String code, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", message);
		error.put("type", type);
		error.put("param", null);
		error.put("code", code);
		return json.writeValueAsBytes(Map.of("error", error));
	}

	/**
	 * Describe a failure by its message and that of its root cause, as in "Failed to
	 * connect to /127.0.0.1:8080 (Connection refused)".
	 * @param failure the failure
	 * @return the description
	 */
	static String describe(Throwable failure) {
		String message = (failure.getMessage() != null) ? failure.getMessage() : failure.getClass().getSimpleName();
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root != failure && root.getMessage() != null && !message.contains(root.getMessage()))
				? message + " (" + root.getMessage() + ")" : message;
	}

}
