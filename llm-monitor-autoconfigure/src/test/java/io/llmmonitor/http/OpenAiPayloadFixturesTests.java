package io.llmmonitor.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.llmmonitor.Fixtures;
import io.llmmonitor.record.LlmCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every recorded provider payload in {@code fixtures/} parsed, through the HTTP capture's
 * one parser, to the values the provider reported ({@code fixtures/EXPECTED.tsv}). Bodies
 * are handed over in small pieces, as a network delivers them.
 */
class OpenAiPayloadFixturesTests {

	private static final Map<String, String> BASE_URLS = Map.of("openai", "https://api.openai.com/v1", "azure",
			"https://contoso.openai.azure.com/openai/deployments/gpt-35-turbo", "ollama", "http://localhost:11434/v1",
			"groq", "https://api.groq.com/openai/v1", "deepseek", "https://api.deepseek.com", "mistral",
			"https://api.mistral.ai/v1", "vllm", "http://10.0.0.7:8000/v1", "openrouter",
			"https://openrouter.ai/api/v1");

	private static final Map<String, String> PATHS = Map.of("chat.completions", "/chat/completions", "completions",
			"/completions", "embeddings", "/embeddings", "responses", "/responses");

	private static final Map<String, String> OPERATIONS = Map.of("chat.completions", "chat", "completions",
			"completion", "embeddings", "embedding", "responses", "responses");

	private final RecordingCapture recording = new RecordingCapture(1024 * 1024);

	static Stream<Expected> responses() {
		return expected().stream().filter((row) -> !row.operation().endsWith(".request"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("responses")
	void responseIsParsedToTheValuesTheProviderReported(Expected expected) {
		boolean error = expected.file().contains("-error-");
		int status = error ? Integer.parseInt(expected.file().replaceAll(".*-error-(\\d+)-.*", "$1")) : 200;
		boolean stream = expected.file().endsWith(".sse");
		for (int pieceSize : new int[] { 7, 100_000 }) {
			LlmCall call = this.recording.replay(BASE_URLS.get(expected.provider()) + PATHS.get(expected.operation()),
					null, status, stream ? "text/event-stream; charset=utf-8" : "application/json",
					bytes(expected.file()), pieceSize);

			assertThat(call.provider()).isEqualTo(expected.provider());
			assertThat(call.operation()).isEqualTo(OPERATIONS.get(expected.operation()));
			assertThat(call.streamed()).isEqualTo(stream);
			assertThat(call.attributes()).containsEntry("x-request-id", "req_1")
				.containsEntry("x-ratelimit-remaining-tokens", "149984");
			if (error) {
				assertThat(call.status()).isEqualTo("error");
				assertThat(call.httpStatus()).isEqualTo(status);
				assertThat(call.errorType()).isEqualTo("invalid_request_error");
				assertThat(call.errorMessage()).isNotBlank();
				continue;
			}
			assertThat(call.status()).as("status of %s: %s", expected.file(), call.errorMessage()).isEqualTo("success");
			assertThat(call.model()).isEqualTo(expected.model());
			assertThat(call.finishReason()).isEqualTo(expected.finishReason());
			assertThat(call.toolCalls()).hasSize(expected.toolCalls());
			if (expected.totalTokens() == null) {
				// no usage reported: the completion is counted with the model's tokenizer
				assertThat(call.tokensEstimated()).isTrue();
				assertThat(call.completionTokens()).isPositive();
				continue;
			}
			assertThat(call.tokensEstimated()).isFalse();
			assertThat(call.promptTokens()).isEqualTo(expected.promptTokens());
			assertThat(call.completionTokens()).isEqualTo(expected.completionTokens());
			assertThat(call.totalTokens()).isEqualTo(expected.totalTokens());
			assertThat(call.cachedTokens()).isEqualTo(expected.cachedTokens());
			assertThat(call.reasoningTokens()).isEqualTo(expected.reasoningTokens());
		}
	}

	@Test
	void streamedTextAndToolCallArgumentsAreJoinedFromTheirDeltas() {
		LlmCall text = this.recording.replay("https://api.openai.com/v1/chat/completions", null, 200,
				"text/event-stream", bytes("openai-chat-stream-plain.sse"), 13);
		assertThat(text.responseText()).startsWith("I'm unable to provide real-time weather updates.");
		assertThat(text.timeToFirstTokenMs()).isNotNull();

		LlmCall tool = this.recording.replay("https://api.openai.com/v1/chat/completions", null, 200,
				"text/event-stream", bytes("openai-chat-stream-tool-call.sse"), 13);
		assertThat(tool.toolCalls()).singleElement().satisfies((call) -> {
			assertThat(call.name()).isEqualTo("get_weather");
			assertThat(call.arguments()).isEqualTo("{\"city\":\"New York City\"}");
		});

		LlmCall responses = this.recording.replay("https://api.openai.com/v1/responses", null, 200, "text/event-stream",
				bytes("openai-responses-stream.sse"), 13);
		assertThat(responses.responseText()).isEqualTo("Hello! 🌍 How can I assist you today?");
		assertThat(responses.responseId()).isEqualTo("resp_681e3e15125c8191afb05fabbf3b86d6047f076151f76bcc");
	}

	@Test
	void mistralThinkingPartsAreNotTheAnswer() {
		LlmCall call = this.recording.replay("https://api.mistral.ai/v1/chat/completions", null, 200,
				"text/event-stream", bytes("mistral-chat-stream.sse"), 512);
		assertThat(call.responseText()).endsWith("safe crossing.").doesNotContain("Okay, the user");
	}

	@Test
	void requestBodiesGiveModelOptionsAndMessages() {
		LlmCall tools = this.recording.replay("https://api.openai.com/v1/chat/completions",
				Fixtures.read("openai-chat-request-tools.json"), 200, "application/json",
				bytes("openai-chat-tool-calls.json"), 1000);
		assertThat(tools.requestedModel()).isEqualTo("gpt-3.5-turbo");
		assertThat(tools.requestOptions()).containsKey("tools");
		assertThat(tools.messages()).isNotEmpty();

		LlmCall stream = this.recording.replay("https://api.openai.com/v1/chat/completions",
				Fixtures.read("openai-chat-request-stream-include-usage.json"), 200, "text/event-stream",
				bytes("openai-chat-stream-plain.sse"), 1000);
		assertThat(stream.requestedModel()).isEqualTo("gpt-4o");
		assertThat(stream.messages()).extracting("role").contains("user");
	}

	@Test
	void azureDeploymentIsTheRequestedModelWhenTheBodyNamesNone() {
		LlmCall call = this.recording.replay(
				"https://contoso.openai.azure.com/openai/deployments/prod-gpt35/chat/completions?api-version=2024-02-01",
				"{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", 200, "application/json",
				bytes("azure-chat-prompt-filter.json"), 1000);
		assertThat(call.provider()).isEqualTo("azure");
		assertThat(call.requestedModel()).isEqualTo("prod-gpt35");
		assertThat(call.model()).isEqualTo("gpt-35-turbo");
	}

	private static byte[] bytes(String name) {
		return Fixtures.read(name).getBytes(StandardCharsets.UTF_8);
	}

	static List<Expected> expected() {
		List<Expected> rows = new ArrayList<>();
		String[] lines = Fixtures.read("EXPECTED.tsv").split("\n");
		for (int i = 1; i < lines.length; i++) {
			String[] cells = lines[i].split("\t", -1);
			rows.add(new Expected(cells[0], cells[1], cells[2], empty(cells[3]), number(cells[4]), number(cells[5]),
					number(cells[6]), number(cells[7]), number(cells[8]), empty(cells[9]),
					cells[10].isEmpty() ? 0 : Integer.parseInt(cells[10])));
		}
		return rows;
	}

	private static String empty(String cell) {
		return cell.isEmpty() ? null : cell;
	}

	private static Long number(String cell) {
		return cell.isEmpty() ? null : Long.valueOf(cell);
	}

	record Expected(String file, String provider, String operation, String model, Long promptTokens,
			Long completionTokens, Long totalTokens, Long cachedTokens, Long reasoningTokens, String finishReason,
			int toolCalls) {

		@Override
		public String toString() {
			return this.file;
		}

	}

}
