package io.llmmonitor.actuate.endpoint;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.jayway.jsonpath.JsonPath;
import io.llmmonitor.RandomInputs;
import io.llmmonitor.record.LlmCallRepository;
import io.llmmonitor.record.LlmCalls;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property test of every parameter of {@code /actuator/llmcalls},
 * {@code /actuator/llmcalls/{id}} and {@code /actuator/llmusage} over real HTTP: random
 * text (control characters, NUL and lone surrogates included), random bytes (invalid
 * UTF-8), extreme dates and numbers, SQL and LIKE metacharacters, one to three parameters
 * at a time. No case answers anything but 200, 400 naming one of the parameters sent, or
 * 404; the log holds no error and no stack trace. Subclasses run it on each database.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class EndpointParameterPropertyTests {

	private static final int CASES = 500;

	private static final List<String> FILTERS = List.of("project", "model", "provider", "operation", "source", "status",
			"threadId", "userId", "tag", "attribute", "from", "to");

	private static final List<String> CALLS = concat(FILTERS, "limit", "before", "unknownParameter");

	private static final List<String> USAGE = concat(FILTERS, "groupBy", "bucket");

	private static final List<String> SPECIAL = List.of("+1000000000-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
			"9999-12-31T23:59:59Z", "10000-01-01T00:00:00Z", "0000-01-01", "1969-12-31T23:59:59Z",
			"2026-02-30T00:00:00Z", "2026-11-22T10:15:30+25:00", "2026-11-22", "-24h", "P1D", "1e309", "-1", "0",
			"1001", "99999999999999999999", "NaN", "' OR 1=1 --", "'; DROP TABLE llm_call; --", "%", "_", "\\", "%00",
			"name:", ":value", "a:b:c", "attribute:tenant", "model", "1m", "1h", "1d", "0m", "999999d", "success",
			"ERROR", "advisor", "proxy", "x".repeat(1100), " ", "\t", "\u0000", "\uD800", "\uFFFF");

	private static final List<String> VALID = List.of("gpt-4o", "openai", "chat", "acme", "batch", "tenant:acme",
			"2026-11-22", "2026-11-22T10:15:30Z", "10", "success", "error", "http", "model", "provider", "1h", "t-1",
			"user-1");

	@LocalServerPort
	int port;

	@Autowired
	LlmCallRepository repository;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void seed() {
		Instant now = Instant.now();
		this.repository.saveAll(List.of(LlmCalls.call(now.minusSeconds(60)).tags(List.of("batch")).build(),
				LlmCalls.call(now.minusSeconds(30)).attributes(Map.of("tenant", "acme")).build()));
	}

	@Test
	void everyParameterAnswers200Or400NamingItNever500(CapturedOutput output) throws Exception {
		int logged = output.length();
		RandomInputs random = new RandomInputs(getClass().getSimpleName());
		Map<Integer, Integer> statuses = new TreeMap<>();
		for (int i = 0; i < CASES; i++) {
			String endpoint = random.oneOf(List.of("llmcalls", "llmusage", "llmcalls/id"));
			List<String> names = new ArrayList<>();
			StringBuilder query = new StringBuilder();
			int count = random.between(1, 3);
			for (int p = 0; p < count; p++) {
				String name = random.oneOf(endpoint.equals("llmusage") ? USAGE : CALLS);
				names.add(name);
				query.append((p == 0) ? "?" : "&").append(name).append('=').append(encode(value(random)));
			}
			String path = endpoint.equals("llmcalls/id") ? "llmcalls/" + encode(value(random)) : endpoint + query;
			String description = String.format("case %d of seed %d: /actuator/%s", i, RandomInputs.SEED, path);

			HttpResponse<String> response = get(path);

			statuses.merge(response.statusCode(), 1, Integer::sum);
			assertThat(response.statusCode()).as(description + " -> " + response.body()).isIn(200, 400, 404);
			if (response.statusCode() == 400 && !endpoint.equals("llmcalls/id")) {
				assertThat(response.body()).as(description + ": a JSON body").startsWith("{");
				String parameter = JsonPath.read(response.body(), "$.parameter");
				assertThat(names).as(description + " -> " + response.body()).contains(parameter);
			}
		}
		assertThat(statuses.getOrDefault(200, 0)).as("cases answered 200: %s", statuses).isGreaterThan(CASES / 20);
		assertThat(statuses.getOrDefault(400, 0)).as("cases answered 400: %s", statuses).isGreaterThan(CASES / 10);
		String log = output.toString().substring(logged);
		assertThat(log).as("errors logged").doesNotContain(" ERROR ");
		assertThat(log).as("stack traces logged").doesNotContain("\n\tat ");
	}

	private String value(RandomInputs random) {
		return switch (random.between(0, 3)) {
			case 0 -> random.text(40);
			case 1 -> new String(random.bytes(24), StandardCharsets.ISO_8859_1);
			case 2 -> random.oneOf(SPECIAL);
			default -> random.oneOf(VALID);
		};
	}

	// Requests stay under Tomcat's 8KB request line. Percent-encodes every other char
	// below 0x100 as one byte (so random bytes stay invalid
	// UTF-8), and others as their UTF-8 bytes; lone surrogates become CESU-style bytes.
	private static String encode(String value) {
		StringBuilder encoded = new StringBuilder();
		for (int i = 0; i < value.length(); i++) {
			char ch = value.charAt(i);
			if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) {
				encoded.append(ch);
			}
			else if (ch < 0x100) {
				appendByte(encoded, ch);
			}
			else {
				int[] bytes = { 0xE0 | (ch >> 12), 0x80 | ((ch >> 6) & 0x3F), 0x80 | (ch & 0x3F) };
				for (int b : bytes) {
					appendByte(encoded, b);
				}
			}
		}
		return encoded.toString();
	}

	private static void appendByte(StringBuilder encoded, int b) {
		encoded.append('%').append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/" + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static List<String> concat(List<String> names, String... more) {
		List<String> all = new ArrayList<>(names);
		all.addAll(List.of(more));
		return all;
	}

}
