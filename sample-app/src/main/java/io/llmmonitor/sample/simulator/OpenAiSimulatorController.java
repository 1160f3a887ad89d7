package io.llmmonitor.sample.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * SIMULATOR of OpenAI's Chat Completions API at {@code /simulator/v1/chat/completions}
 * and its model list at {@code /simulator/v1/models}: canned answers to any model name, a
 * tool call when tools are offered, streams with a final usage chunk, reasoning and
 * cached tokens where OpenAI reports them, realistic latencies, and errors on request:
 * OpenAI's 404 for a model named {@code no-such-...}, its 429 for a last message holding
 * {@code [simulate:429]}, and a gateway's HTML 503 page for {@code [simulate:503]}.
 * Answers are not from any model.
 */
@RestController
@RequestMapping("/simulator/v1")
class OpenAiSimulatorController {

	private final java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();

	private static final Log logger = LogFactory.getLog(OpenAiSimulatorController.class);

	// Dated names served for the aliases clients ask for; any other name is served as
	// asked.
	private static final Map<String, String> SERVED_MODELS = Map.of("gpt-4o-mini", "gpt-4o-mini-2024-07-18", "gpt-4o",
			"gpt-4o-2024-08-06", "gpt-4.1-nano", "gpt-4.1-nano-2025-04-14", "o3-mini", "o3-mini-2025-01-31",
			"gpt-5-mini", "gpt-5-mini-2025-08-07");

	private static final String GATEWAY_PAGE = "<html><head><title>503 Service Temporarily Unavailable</title></head>"
			+ "<body><center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center></body>"
			+ "</html>";

	/** Canned answers, by a word of the question they answer. */
	private static final Map<String, String> ANSWERS = new LinkedHashMap<>();

	static {
		ANSWERS.put("capital of france", "Paris is the capital of France.");
		ANSWERS.put("how many people",
				"About 2.1 million people live in Paris itself, and over 12 million in its metropolitan area.");
		ANSWERS.put("museum", "The Musée d'Orsay, for its Impressionist paintings in a former railway station.");
		ANSWERS.put("summarise our chat",
				"You asked about the capital of France (Paris), how many people live there, and a museum to visit.");
		ANSWERS.put("observability",
				"Observability means you can tell what a system is doing from the signals it emits.");
		ANSWERS.put("haiku", "Rows wait in silence / an index points the way / the query returns.");
		ANSWERS.put("token", "A token is a chunk of text, often part of a word, that a model reads or writes.");
		ANSWERS.put("starters",
				"Starters bundle dependencies and auto-configuration, so one line of build file brings a working feature.");
	}

	private final JsonMapper json = JsonMapper.builder().build();

	OpenAiSimulatorController() {
		logger.info("SIMULATOR: an OpenAI-compatible simulator answers at /simulator/v1 (no real model)");
	}

	@GetMapping("/models")
	Map<String, Object> models() {
		List<Map<String, Object>> data = SERVED_MODELS.keySet()
			.stream()
			.sorted()
			.map((id) -> Map.<String, Object>of("id", id, "object", "model", "created", 1_700_000_000L, "owned_by",
					"simulator"))
			.toList();
		return Map.of("object", "list", "data", data);
	}

	@PostMapping("/chat/completions")
	@SuppressWarnings("unchecked")
	ResponseEntity<StreamingResponseBody> chatCompletions(@RequestBody Map<String, Object> request) {
		String requested = String.valueOf(request.get("model"));
		if (requested.startsWith("no-such-")) {
			return json(HttpStatus.NOT_FOUND,
					Map.of("error",
							error("The model `" + requested + "` does not exist or you do not have access to it.",
									"invalid_request_error", "model_not_found")));
		}
		String served = SERVED_MODELS.getOrDefault(requested, requested);
		List<Map<String, Object>> messages = (List<Map<String, Object>>) request.getOrDefault("messages", List.of());
		List<Map<String, Object>> tools = (List<Map<String, Object>>) request.get("tools");
		Map<String, Object> last = messages.isEmpty() ? Map.of() : messages.get(messages.size() - 1);
		String lastText = String.valueOf(last.get("content"));
		if (lastText.contains("[simulate:429]")) {
			pause(20, 60);
			return json(HttpStatus.TOO_MANY_REQUESTS, Map.of("error",
					error("Rate limit reached for " + requested + " on requests per min (RPM): Limit 500, Used 500.",
							"requests", "rate_limit_exceeded")));
		}
		if (lastText.contains("[simulate:503]")) {
			pause(20, 60);
			byte[] page = GATEWAY_PAGE.getBytes(StandardCharsets.UTF_8);
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.contentType(MediaType.TEXT_HTML)
				.body((out) -> out.write(page));
		}
		boolean callTool = tools != null && !tools.isEmpty() && "user".equals(last.get("role"));
		String answer = callTool ? null : answer(last);
		List<Map<String, Object>> toolCalls = callTool ? List.of(toolCall(tools.get(0))) : null;
		Map<String, Object> usage = usage(served, messages, answer, toolCalls);
		String id = "chatcmpl-sim-" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
		long created = System.currentTimeMillis() / 1000;
		if (Boolean.TRUE.equals(request.get("stream"))) {
			Map<String, Object> streamOptions = (Map<String, Object>) request.get("stream_options");
			boolean includeUsage = streamOptions != null && Boolean.TRUE.equals(streamOptions.get("include_usage"));
			StreamingResponseBody body = (out) -> stream(out, id, created, served, answer, toolCalls,
					includeUsage ? usage : null);
			return ResponseEntity.ok()
				.contentType(MediaType.TEXT_EVENT_STREAM)
				.headers(this::providerHeaders)
				.body(body);
		}
		pause(150, 600);
		Map<String, Object> message = new LinkedHashMap<>();
		message.put("role", "assistant");
		message.put("content", answer);
		message.put("refusal", null);
		if (toolCalls != null) {
			message.put("tool_calls", toolCalls);
		}
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("message", message);
		choice.put("logprobs", null);
		choice.put("finish_reason", callTool ? "tool_calls" : "stop");
		Map<String, Object> completion = new LinkedHashMap<>();
		completion.put("id", id);
		completion.put("object", "chat.completion");
		completion.put("created", created);
		completion.put("model", served);
		completion.put("choices", List.of(choice));
		completion.put("usage", usage);
		completion.put("system_fingerprint", "fp_simulator");
		return json(HttpStatus.OK, completion);
	}

	private ResponseEntity<StreamingResponseBody> json(HttpStatus status, Map<String, Object> body) {
		byte[] bytes = this.json.writeValueAsBytes(body);
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.headers(this::providerHeaders)
			.body((out) -> out.write(bytes));
	}

	/**
	 * The request id and rate-limit headers a provider sends with every response.
	 * @param headers the response headers
	 */
	private void providerHeaders(HttpHeaders headers) {
		headers.set("x-request-id", "req_sim_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20));
		headers.set("x-ratelimit-limit-requests", "10000");
		headers.set("x-ratelimit-remaining-requests", String.valueOf(9999 - (this.requests.getAndIncrement() % 100)));
	}

	private void stream(OutputStream out, String id, long created, String model, String answer,
			List<Map<String, Object>> toolCalls, Map<String, Object> usage) throws IOException {
		pause(100, 400);
		send(out, chunk(id, created, model, Map.of("role", "assistant", "content", ""), null));
		if (toolCalls != null) {
			Map<String, Object> call = new LinkedHashMap<>(toolCalls.get(0));
			call.put("index", 0);
			send(out, chunk(id, created, model, Map.of("tool_calls", List.of(call)), null));
		}
		else {
			for (String word : answer.split("(?<= )")) {
				pause(15, 45);
				send(out, chunk(id, created, model, Map.of("content", word), null));
			}
		}
		send(out, chunk(id, created, model, Map.of(), (toolCalls != null) ? "tool_calls" : "stop"));
		if (usage != null) {
			Map<String, Object> usageChunk = new LinkedHashMap<>();
			usageChunk.put("id", id);
			usageChunk.put("object", "chat.completion.chunk");
			usageChunk.put("created", created);
			usageChunk.put("model", model);
			usageChunk.put("choices", List.of());
			usageChunk.put("usage", usage);
			send(out, usageChunk);
		}
		out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private void send(OutputStream out, Map<String, Object> event) throws IOException {
		out.write(("data: " + this.json.writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private static Map<String, Object> chunk(String id, long created, String model, Map<String, Object> delta,
			String finishReason) {
		Map<String, Object> choice = new LinkedHashMap<>();
		choice.put("index", 0);
		choice.put("delta", delta);
		choice.put("logprobs", null);
		choice.put("finish_reason", finishReason);
		Map<String, Object> chunk = new LinkedHashMap<>();
		chunk.put("id", id);
		chunk.put("object", "chat.completion.chunk");
		chunk.put("created", created);
		chunk.put("model", model);
		chunk.put("system_fingerprint", "fp_simulator");
		chunk.put("choices", List.of(choice));
		return chunk;
	}

	private static String answer(Map<String, Object> last) {
		Object content = last.get("content");
		if ("tool".equals(last.get("role"))) {
			return "According to the tool: " + content;
		}
		String text = String.valueOf(content).toLowerCase(Locale.ROOT);
		for (Map.Entry<String, String> answer : ANSWERS.entrySet()) {
			if (text.contains(answer.getKey())) {
				return answer.getValue();
			}
		}
		return "I am a simulator: I answer every question the same way.";
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> toolCall(Map<String, Object> tool) {
		Map<String, Object> function = (Map<String, Object>) tool.get("function");
		Map<String, Object> parameters = (Map<String, Object>) function.getOrDefault("parameters", Map.of());
		Map<String, Object> properties = (Map<String, Object>) parameters.getOrDefault("properties", Map.of());
		StringBuilder arguments = new StringBuilder("{");
		for (String name : properties.keySet()) {
			arguments.append((arguments.length() > 1) ? "," : "").append('"').append(name).append("\":\"Lisbon\"");
		}
		arguments.append('}');
		return Map.of("id", "call_sim_" + UUID.randomUUID().toString().substring(0, 8), "type", "function", "function",
				Map.of("name", function.get("name"), "arguments", arguments.toString()));
	}

	// Usage as OpenAI counts it: a conversation's earlier turns are read from the prompt
	// cache (cached tokens are part of the prompt tokens), and reasoning models spend
	// reasoning tokens (part of the completion tokens).
	private static Map<String, Object> usage(String model, List<Map<String, Object>> messages, String answer,
			List<Map<String, Object>> toolCalls) {
		int promptChars = 0;
		for (Map<String, Object> message : messages) {
			promptChars += String.valueOf(message.get("content")).length() + 16;
		}
		int prompt = Math.max(1, promptChars / 4);
		int cached = (messages.size() > 2) ? prompt / 2 : 0;
		int visible = Math.max(1, ((answer != null) ? answer.length() : String.valueOf(toolCalls).length()) / 4);
		boolean reasons = model.startsWith("o") || model.startsWith("gpt-5");
		int reasoning = reasons ? 3 * visible : 0;
		int completion = visible + reasoning;
		Map<String, Object> usage = new LinkedHashMap<>();
		usage.put("prompt_tokens", prompt);
		usage.put("completion_tokens", completion);
		usage.put("total_tokens", prompt + completion);
		usage.put("prompt_tokens_details", Map.of("cached_tokens", cached, "audio_tokens", 0));
		usage.put("completion_tokens_details", Map.of("reasoning_tokens", reasoning, "audio_tokens", 0));
		return usage;
	}

	private static Map<String, Object> error(String message, String type, String code) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", message);
		error.put("type", type);
		error.put("param", null);
		error.put("code", code);
		return error;
	}

	private static void pause(int minMillis, int maxMillis) {
		try {
			Thread.sleep(ThreadLocalRandom.current().nextInt(minMillis, maxMillis));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
