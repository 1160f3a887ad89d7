package io.llmmonitor.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.llmmonitor.Fixtures;
import io.llmmonitor.record.LlmCall;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every recorded stream in {@code fixtures/} that reports usage, served with its usage
 * removed (and, for OpenAI's, with the request that recorded it): the completion tokens
 * llm-monitor estimates against those the provider reported. OpenAI's streams (text,
 * refusal, one tool call) must come out exact and their summed error, parallel tool calls
 * included, stay within 2 %; the other providers' are measured and printed, not held to
 * it: their models' tokenizers are not OpenAI's, and Groq's compound model bills passes
 * its stream does not show. Anthropic's streams are left out: they carry their usage in
 * {@code message_start}, so nothing is ever estimated for them.
 */
class TokenEstimateAccuracyTests {

	private static final Map<String, String> STREAMS = Map.ofEntries(
			Map.entry("openai-chat-stream-plain.sse", "https://api.openai.com/v1/chat/completions"),
			Map.entry("openai-chat-stream-refusal.sse", "https://api.openai.com/v1/chat/completions"),
			Map.entry("openai-chat-stream-tool-call.sse", "https://api.openai.com/v1/chat/completions"),
			Map.entry("openai-chat-stream-tool-call-two-arguments.sse", "https://api.openai.com/v1/chat/completions"),
			Map.entry("openai-chat-stream-tool-call-strict.sse", "https://api.openai.com/v1/chat/completions"),
			Map.entry("openai-chat-stream-parallel-tool-calls.sse", "https://api.openai.com/v1/chat/completions"),
			Map.entry("openai-responses-stream.sse", "https://api.openai.com/v1/responses"),
			Map.entry("groq-chat-stream-x-groq-usage.sse", "https://api.groq.com/openai/v1/chat/completions"),
			Map.entry("mistral-chat-stream.sse", "https://api.mistral.ai/v1/chat/completions"),
			Map.entry("openrouter-chat-stream-reasoning.sse", "https://openrouter.ai/api/v1/chat/completions"));

	private static final String OPENAI = "https://api.openai.com/";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final RecordingCapture recording = new RecordingCapture(1024 * 1024);

	@Test
	void completionEstimatesOfStreamsServedWithoutTheirUsage() {
		List<Row> rows = new ArrayList<>();
		for (Map.Entry<String, String> stream : STREAMS.entrySet()) {
			String fixture = Fixtures.read(stream.getKey());
			LlmCall reported = replay(stream.getValue(), fixture);
			LlmCall estimated = replay(stream.getValue(), withoutUsage(fixture));
			assertThat(reported.tokens().tokensEstimated()).as(stream.getKey()).isFalse();
			assertThat(estimated.tokens().tokensEstimated()).as(stream.getKey()).isTrue();
			rows.add(new Row(stream.getKey(), reported.tokens().completionTokens(),
					estimated.tokens().completionTokens()));
		}
		rows.sort((a, b) -> a.fixture().compareTo(b.fixture()));
		List<Row> openAi = rows.stream().filter((row) -> STREAMS.get(row.fixture()).startsWith(OPENAI)).toList();
		String table = table(rows) + sum("served by OpenAI", openAi) + sum("all", rows);
		System.out.println(table);
		assertThat(openAi).as(table).hasSize(7);
		assertThat(openAi).filteredOn((row) -> !row.fixture().contains("parallel"))
			.allSatisfy((row) -> assertThat(row.estimated()).as(row.fixture()).isEqualTo(row.reported()));
		assertThat(errorPercent(openAi)).as(table).isLessThanOrEqualTo(2.0);
	}

	@Test
	void promptEstimatesOfRequestsWithTheirTools() {
		// the requests of openai-python's streaming tests that recorded these streams,
		// their bodies rebuilt from the tests' code
		String weather = "{\"type\":\"function\",\"function\":{\"name\":\"GetWeatherArgs\",%s\"strict\":true,\"parameters\":{\"properties\":{\"city\":{\"title\":\"City\",\"type\":\"string\"},\"country\":{\"title\":\"Country\",\"type\":\"string\"},\"units\":{\"default\":\"c\",\"enum\":[\"c\",\"f\"],\"title\":\"Units\",\"type\":\"string\"}},\"required\":[\"city\",\"country\",\"units\"],\"title\":\"GetWeatherArgs\",\"type\":\"object\",\"additionalProperties\":false}}}";
		Map<String, String> requests = Map.of("openai-chat-stream-plain.sse",
				request("What's the weather like in SF?", ""), "openai-chat-stream-tool-call.sse",
				request("what's the weather in NYC?",
						"{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}"),
				"openai-chat-stream-tool-call-two-arguments.sse",
				request("What's the weather like in SF?",
						"{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},\"state\":{\"type\":\"string\"}},\"required\":[\"city\",\"state\"],\"additionalProperties\":false},\"strict\":true}}"),
				"openai-chat-stream-tool-call-strict.sse",
				request("What's the weather like in Edinburgh?", String.format(weather, "")),
				"openai-chat-stream-parallel-tool-calls.sse",
				"{\"model\":\"gpt-4o-2024-08-06\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"What's the weather like in Edinburgh?\"},{\"role\":\"user\",\"content\":\"What's the price of AAPL?\"}],\"tools\":["
						+ String.format(weather,
								"\"description\":\"Get the temperature for the given country/city combo\",")
						+ ",{\"type\":\"function\",\"function\":{\"name\":\"get_stock_price\",\"description\":\"Fetch the latest price for a given ticker\",\"strict\":true,\"parameters\":{\"properties\":{\"ticker\":{\"title\":\"Ticker\",\"type\":\"string\"},\"exchange\":{\"title\":\"Exchange\",\"type\":\"string\"}},\"required\":[\"ticker\",\"exchange\"],\"title\":\"GetStockPrice\",\"type\":\"object\",\"additionalProperties\":false}}}"
						+ "]}");
		List<Row> rows = new ArrayList<>();
		requests.forEach((fixture, request) -> {
			String stream = Fixtures.read(fixture);
			long reported = replay(OPENAI + "v1/chat/completions", request, stream).tokens().promptTokens();
			long estimated = replay(OPENAI + "v1/chat/completions", request, withoutUsage(stream)).tokens()
				.promptTokens();
			rows.add(new Row(fixture, reported, estimated));
		});
		rows.sort((a, b) -> a.fixture().compareTo(b.fixture()));
		String table = table(rows) + sum("all", rows);
		System.out.println(table);
		assertThat(rows).filteredOn((row) -> row.fixture().contains("plain"))
			.allSatisfy((row) -> assertThat(row.estimated()).isEqualTo(row.reported()));
		// OpenAI's published counting of tool definitions leaves out what its renderer
		// makes of JSON schema titles and defaults (the pydantic-made tools): within 15 %
		// over all, each request within 25 %
		assertThat(errorPercent(rows)).as(table).isLessThanOrEqualTo(15.0);
		assertThat(rows).allSatisfy((row) -> assertThat(Math.abs(row.estimated() - row.reported())).as(table)
			.isLessThanOrEqualTo(row.reported() / 4));
	}

	private static String request(String question, String tool) {
		return "{\"model\":\"gpt-4o-2024-08-06\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
				+ question + "\"}]" + (tool.isEmpty() ? "" : ",\"tools\":[" + tool + "]") + "}";
	}

	private static String table(List<Row> rows) {
		return rows.stream()
			.map((row) -> String.format("| `%s` | %d | %d | %+d |", row.fixture(), row.reported(), row.estimated(),
					row.estimated() - row.reported()))
			.collect(Collectors.joining("\n", "| stream | reported | estimated | error |\n|---|---|---|---|\n", ""));
	}

	private static String sum(String name, List<Row> rows) {
		return String.format("%n| %s | %d | %d | %d off (%.2f %%) |", name,
				rows.stream().mapToLong(Row::reported).sum(), rows.stream().mapToLong(Row::estimated).sum(),
				rows.stream().mapToLong((row) -> Math.abs(row.estimated() - row.reported())).sum(), errorPercent(rows));
	}

	private static double errorPercent(List<Row> rows) {
		long reported = rows.stream().mapToLong(Row::reported).sum();
		long error = rows.stream().mapToLong((row) -> Math.abs(row.estimated() - row.reported())).sum();
		return 100.0 * error / reported;
	}

	private LlmCall replay(String url, String stream) {
		return replay(url, null, stream);
	}

	private LlmCall replay(String url, String request, String stream) {
		return this.recording.replay(url, request, 200, "text/event-stream", stream.getBytes(StandardCharsets.UTF_8),
				100_000);
	}

	// The stream with every usage object taken out of its events (Groq's x_groq.usage
	// and the Responses API's response.usage included).
	static String withoutUsage(String stream) {
		StringBuilder out = new StringBuilder();
		for (String line : stream.split("\n", -1)) {
			if (line.startsWith("data: ") && line.length() > 6 && line.charAt(6) == '{') {
				JsonNode event = json.readTree(line.substring(6));
				removeUsage(event);
				out.append("data: ").append(json.writeValueAsString(event)).append('\n');
			}
			else {
				out.append(line).append('\n');
			}
		}
		return out.toString();
	}

	private static void removeUsage(JsonNode node) {
		if (node instanceof ObjectNode object) {
			object.remove("usage");
			object.properties().forEach((entry) -> removeUsage(entry.getValue()));
		}
		else if (node.isArray()) {
			node.forEach(TokenEstimateAccuracyTests::removeUsage);
		}
	}

	record Row(String fixture, long reported, long estimated) {
	}

}
