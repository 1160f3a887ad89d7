package io.llmmonitor.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.llmmonitor.Fixtures;
import io.llmmonitor.record.CallStatus;
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

			assertThat(call.origin().provider()).isEqualTo(expected.provider());
			assertThat(call.request().operation().value()).isEqualTo(OPERATIONS.get(expected.operation()));
			assertThat(call.request().streamed()).isEqualTo(stream);
			assertThat(call.context().attributes()).containsEntry("x-request-id", "req_1")
				.containsEntry("x-ratelimit-remaining-tokens", "149984");
			if (error) {
				assertThat(call.outcome().status()).isEqualTo(CallStatus.ERROR);
				assertThat(call.outcome().httpStatus()).isEqualTo(status);
				assertThat(call.outcome().errorType()).isEqualTo("invalid_request_error");
				assertThat(call.outcome().errorMessage()).isNotBlank();
				continue;
			}
			assertThat(call.outcome().status()).as("status of %s: %s", expected.file(), call.outcome().errorMessage())
				.isEqualTo(CallStatus.SUCCESS);
			assertThat(call.response().model()).isEqualTo(expected.model());
			assertThat(call.response().finishReason()).isEqualTo(expected.finishReason());
			assertThat(call.response().toolCalls()).hasSize(expected.toolCalls());
			if (expected.totalTokens() == null) {
				// no usage reported: the completion is counted with the model's tokenizer
				assertThat(call.tokens().tokensEstimated()).isTrue();
				assertThat(call.tokens().completionTokens()).isPositive();
				continue;
			}
			assertThat(call.tokens().tokensEstimated()).isFalse();
			assertThat(call.tokens().promptTokens()).isEqualTo(expected.promptTokens());
			assertThat(call.tokens().completionTokens()).isEqualTo(expected.completionTokens());
			assertThat(call.tokens().totalTokens()).isEqualTo(expected.totalTokens());
			assertThat(call.tokens().cachedTokens()).isEqualTo(expected.cachedTokens());
			assertThat(call.tokens().reasoningTokens()).isEqualTo(expected.reasoningTokens());
		}
	}

	@Test
	void streamedTextAndToolCallArgumentsAreJoinedFromTheirDeltas() {
		LlmCall text = this.recording.replay("https://api.openai.com/v1/chat/completions", null, 200,
				"text/event-stream", bytes("openai-chat-stream-plain.sse"), 13);
		assertThat(text.response().responseText()).startsWith("I'm unable to provide real-time weather updates.");
		assertThat(text.timing().timeToFirstTokenMs()).isNotNull();

		LlmCall tool = this.recording.replay("https://api.openai.com/v1/chat/completions", null, 200,
				"text/event-stream", bytes("openai-chat-stream-tool-call.sse"), 13);
		assertThat(tool.response().toolCalls()).singleElement().satisfies((call) -> {
			assertThat(call.name()).isEqualTo("get_weather");
			assertThat(call.arguments()).isEqualTo("{\"city\":\"New York City\"}");
		});

		LlmCall responses = this.recording.replay("https://api.openai.com/v1/responses", null, 200, "text/event-stream",
				bytes("openai-responses-stream.sse"), 13);
		assertThat(responses.response().responseText()).isEqualTo("Hello! 🌍 How can I assist you today?");
		assertThat(responses.response().responseId())
			.isEqualTo("resp_681e3e15125c8191afb05fabbf3b86d6047f076151f76bcc");
	}

	@Test
	void mistralThinkingPartsAreNotTheAnswer() {
		LlmCall call = this.recording.replay("https://api.mistral.ai/v1/chat/completions", null, 200,
				"text/event-stream", bytes("mistral-chat-stream.sse"), 512);
		assertThat(call.response().responseText()).endsWith("safe crossing.").doesNotContain("Okay, the user");
	}

	@Test
	void requestBodiesGiveModelOptionsAndMessages() {
		LlmCall tools = this.recording.replay("https://api.openai.com/v1/chat/completions",
				Fixtures.read("openai-chat-request-tools.json"), 200, "application/json",
				bytes("openai-chat-tool-calls.json"), 1000);
		assertThat(tools.request().requestedModel()).isEqualTo("gpt-3.5-turbo");
		assertThat(tools.request().requestOptions()).containsKey("tools");
		assertThat(tools.request().messages()).isNotEmpty();

		LlmCall stream = this.recording.replay("https://api.openai.com/v1/chat/completions",
				Fixtures.read("openai-chat-request-stream-include-usage.json"), 200, "text/event-stream",
				bytes("openai-chat-stream-plain.sse"), 1000);
		assertThat(stream.request().requestedModel()).isEqualTo("gpt-4o");
		assertThat(stream.request().messages()).extracting("role").contains("user");
	}

	@Test
	void azureDeploymentIsTheRequestedModelWhenTheBodyNamesNone() {
		LlmCall call = this.recording.replay(
				"https://contoso.openai.azure.com/openai/deployments/prod-gpt35/chat/completions?api-version=2024-02-01",
				"{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", 200, "application/json",
				bytes("azure-chat-prompt-filter.json"), 1000);
		assertThat(call.origin().provider()).isEqualTo("azure");
		assertThat(call.request().requestedModel()).isEqualTo("prod-gpt35");
		assertThat(call.response().model()).isEqualTo("gpt-35-turbo");
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
