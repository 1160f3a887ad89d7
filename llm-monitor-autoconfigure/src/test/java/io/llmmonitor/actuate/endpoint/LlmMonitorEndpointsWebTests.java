package io.llmmonitor.actuate.endpoint;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.llmmonitor.TestApplication;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallIds;
import io.llmmonitor.record.LlmCallRepository;
import io.llmmonitor.record.LlmCalls;
import io.llmmonitor.record.LlmToolCall;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/llmcalls} and {@code /actuator/llmusage} over real HTTP, on H2.
 */
@SpringBootTest(classes = { TestApplication.class, LlmMonitorEndpointsWebTests.FixedClockConfiguration.class },
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=llmcalls,llmusage",
				"llm.monitor.endpoint.show-content=always", "spring.ai.openai.api-key=sk-unused" })
class LlmMonitorEndpointsWebTests {

	/**
	 * Forty seconds past an hour: the seeded calls fall on both sides of the hour, so the
	 * usage of the default window reads the hour before from the rollups and the current
	 * one from the calls.
	 */
	static final Instant NOW = Instant.parse("2026-11-22T10:00:40Z");

	@LocalServerPort
	int port;

	@Autowired
	LlmCallRepository repository;

	@Autowired
	JdbcTemplate jdbc;

	RestClient http;

	String base;

	List<LlmCall> calls;

	@Test
	void listAndDetailShowACallsFieldsByOneRule() {
		// the failed ollama call: no cost, no cached tokens, ... — null fields are left
		// out
		// of both, and the list leaves out the content the detail carries
		LlmCall failed = this.calls.get(5);
		Map<String, Object> listed = get("/llmcalls?provider=ollama").read("$.calls[0]");
		Map<String, Object> whole = get("/llmcalls/" + failed.id()).read("$");

		assertThat(listed).doesNotContainKey("costUsd");
		assertThat(whole).doesNotContainKey("costUsd");
		Set<String> content = Set.of("messages", "responseText", "contentHidden");
		assertThat(listed.keySet())
			.isEqualTo(whole.keySet().stream().filter((key) -> !content.contains(key)).collect(Collectors.toSet()));
	}

	@BeforeEach
	void seed() {
		this.jdbc.update("DELETE FROM llm_usage_hour");
		this.jdbc.update("DELETE FROM llm_usage_day");
		this.jdbc.update("DELETE FROM llm_call_tag");
		this.jdbc.update("DELETE FROM llm_call_attribute");
		this.jdbc.update("DELETE FROM llm_call");
		this.base = "http://127.0.0.1:" + this.port + "/actuator";
		this.http = RestClient.builder()
			.baseUrl(this.base)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			})
			.build();
		this.calls = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			this.calls.add(LlmCalls.call(NOW.minusSeconds(60 - i))
				.threadId("t-" + (i % 2))
				.attributes(Map.of("tenant", (i < 3) ? "acme" : "globex"))
				.tags(List.of("batch"))
				.build());
		}
		this.calls.add(LlmCalls.call(NOW.minusSeconds(30))
			.provider("ollama")
			.model("llama3.2")
			.status("error")
			.errorType("java.net.ConnectException")
			.costUsd(null)
			.build());
		this.repository.saveAll(this.calls);
	}

	@Test
	void listsCallsNewestFirstWithoutContent() {
		DocumentContext body = get("/llmcalls");

		List<String> ids = body.read("$.calls[*].id");
		assertThat(ids).hasSize(6).first().isEqualTo(this.calls.get(5).id());
		assertThat(body.read("$.calls[0].status", String.class)).isEqualTo("error");
		assertThat(body.read("$.calls[1].costUsd", Double.class)).isEqualTo(0.000105);
		assertThat(body.read("$.calls[1].startedAt", String.class)).endsWith("Z");
		assertThat((Map<String, Object>) body.read("$.calls[1]")).doesNotContainKeys("messages", "responseText")
			.containsKeys("promptTokens", "attributes", "tags", "threadId");
		assertThat(body.read("$.next", String.class)).isNull();
	}

	@Test
	void filtersCalls() {
		assertThat(ids("/llmcalls?provider=ollama")).containsExactly(this.calls.get(5).id());
		assertThat(ids("/llmcalls?status=error")).containsExactly(this.calls.get(5).id());
		assertThat(ids("/llmcalls?threadId=t-1")).containsExactly(this.calls.get(3).id(), this.calls.get(1).id());
		assertThat(ids("/llmcalls?attribute=tenant:globex")).containsExactly(this.calls.get(4).id(),
				this.calls.get(3).id());
		assertThat(ids("/llmcalls?tag=batch&model=gpt-4o-2024-08-06")).hasSize(5);
		assertThat(ids("/llmcalls?project=default&operation=chat&userId=nobody")).isEmpty();
		assertThat(ids("/llmcalls?from=" + NOW.minusSeconds(58) + "&to=" + NOW.minusSeconds(56)))
			.containsExactly(this.calls.get(3).id(), this.calls.get(2).id());
		assertThat(ids("/llmcalls?from=-58s&to=-56s")).containsExactly(this.calls.get(3).id(), this.calls.get(2).id());
	}

	@Test
	void pagesWithTheCursor() {
		DocumentContext first = get("/llmcalls?limit=4");
		String next = first.read("$.next");
		DocumentContext second = get("/llmcalls?limit=4&before=" + next);

		assertThat((List<String>) first.read("$.calls[*].id")).hasSize(4);
		assertThat((List<String>) second.read("$.calls[*].id")).containsExactly(this.calls.get(1).id(),
				this.calls.get(0).id());
		assertThat(second.read("$.next", String.class)).isNull();
	}

	@Test
	void returnsOneWholeCall() {
		DocumentContext body = get("/llmcalls/" + this.calls.get(0).id());

		assertThat(body.read("$.id", String.class)).isEqualTo(this.calls.get(0).id());
		assertThat(body.read("$.messages[1].content", String.class)).isEqualTo("What is the capital of France?");
		assertThat(body.read("$.responseText", String.class)).isEqualTo("The capital of France is Paris.");
	}

	@Test
	void wholeCallIsOneFlatObjectWithTheFieldsOfTheContract() {
		LlmCall call = LlmCalls.call(NOW.minusSeconds(10))
			.timeToFirstTokenMs(120L)
			.streamed(true)
			.cacheWriteTokens(2L)
			.cacheWrite1hTokens(1L)
			.costSplit(new BigDecimal("0.000075"), new BigDecimal("0.00003"))
			.baseUrl("https://api.openai.com/v1")
			.proxyKey("team-a")
			.environment("production")
			.threadId("t-9")
			.userId("u-9")
			.clientId("c-9")
			.traceId("4bf92f3577b34da6a3ce929d0e0e4736")
			.spanId("00f067aa0ba902b7")
			.toolCalls(List.of(new LlmToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")))
			.tags(List.of("beta"))
			.attributes(Map.of("tenant", "acme"))
			.status("error")
			.httpStatus(429)
			.errorType("rate_limit_exceeded")
			.errorMessage("Rate limit reached")
			.exceptionClass("com.openai.errors.RateLimitException")
			.build();
		this.repository.saveAll(List.of(call));

		Map<String, Object> body = get("/llmcalls/" + call.id()).read("$");

		assertThat(body).containsOnlyKeys("id", "startedAt", "latencyMs", "timeToFirstTokenMs", "project", "source",
				"provider", "operation", "requestedModel", "model", "responseId", "streamed", "modelRequests",
				"promptTokens", "completionTokens", "totalTokens", "cachedTokens", "cacheWriteTokens",
				"cacheWrite1hTokens", "reasoningTokens", "tokensEstimated", "costUsd", "inputCostUsd", "outputCostUsd",
				"baseUrl", "proxyKey", "environment", "finishReason", "toolCalls", "status", "httpStatus", "errorType",
				"errorMessage", "exceptionClass", "threadId", "userId", "clientId", "traceId", "spanId", "tags",
				"attributes", "requestOptions", "messages", "responseText", "contentTruncated");
		assertThat(body).containsEntry("source", "advisor")
			.containsEntry("baseUrl", "https://api.openai.com/v1")
			.containsEntry("proxyKey", "team-a")
			.containsEntry("environment", "production")
			.containsEntry("operation", "chat")
			.containsEntry("status", "error")
			.containsEntry("tags", List.of("beta"))
			.containsEntry("attributes", Map.of("tenant", "acme"));
	}

	@Test
	void unknownCallIsNotFound() {
		assertThat(status("/llmcalls/" + LlmCallIds.next(NOW))).isEqualTo(404);
		assertThat(status("/llmcalls/not-an-id")).isEqualTo(404);
	}

	/**
	 * Values no stored call can hold answer a 400 naming their parameter before they
	 * reach the store: a NUL (PostgreSQL would fail the query), other control characters,
	 * bytes that are not UTF-8, and instants outside what a timestamp column holds.
	 */
	@Test
	void controlCharactersAndFarInstantsAreBadRequestsNamingTheParameter() {
		for (String parameter : List.of("project", "model", "provider", "operation", "threadId", "userId", "tag")) {
			assertBadRequest(URI.create(this.base + "/llmcalls?" + parameter + "=a%00b"), parameter);
			assertBadRequest(URI.create(this.base + "/llmusage?" + parameter + "=%01"), parameter);
		}
		assertBadRequest(URI.create(this.base + "/llmcalls?attribute=tenant:ac%00me"), "attribute");
		assertBadRequest(URI.create(this.base + "/llmusage?groupBy=attribute:ten%00ant"), "groupBy");
		assertBadRequest(URI.create(this.base + "/llmcalls?to=%2B1000000000-12-31T23:59:59Z"), "to");
		assertBadRequest(URI.create(this.base + "/llmusage?from=-0001-01-01T00:00:00Z"), "from");
		assertBadRequest(URI.create(this.base + "/llmusage?to=1969-12-31"), "to");
		assertBadRequest(URI.create(this.base + "/llmcalls?from=2026-11-22T10:00:00Z%00"), "from");
		assertBadRequest(URI.create(this.base + "/llmcalls?limit=5&project=%C3%28"), "project");
		assertBadRequest(URI.create(this.base + "/llmusage?groupBy=model&tag=%FF%FE"), "tag");
		assertBadRequest(URI.create(this.base + "/llmusage?%C3%28=x"), "query");
		assertThat(status("/llmcalls?to=9999-12-31T23:59:59Z&project=tab%09ok")).isEqualTo(200);
	}

	@Test
	void badParametersAreBadRequestsNamingTheParameter() {
		assertBadRequest("/llmcalls?limit=abc", "limit");
		assertBadRequest("/llmcalls?limit=0", "limit");
		assertBadRequest("/llmcalls?limit=1001", "limit");
		assertBadRequest("/llmcalls?from=yesterday", "from");
		assertBadRequest("/llmcalls?from=-0h", "from");
		assertBadRequest("/llmusage?to=-1y", "to");
		assertBadRequest("/llmcalls?to=2026-13-45", "to");
		assertBadRequest("/llmcalls?status=maybe", "status");
		assertBadRequest("/llmcalls?source=cli", "source");
		assertBadRequest("/llmusage?source=cli", "source");
		assertBadRequest("/llmusage?status=maybe", "status");
		assertBadRequest("/llmcalls?attribute=tenant", "attribute");
		assertBadRequest("/llmcalls?before=xyz", "before");
		assertBadRequest("/llmusage?groupBy=color", "groupBy");
		assertBadRequest("/llmusage?bucket=fortnight", "bucket");
		assertBadRequest("/llmusage?bucket=1s&from=2020-01-01T00:00:00Z", "bucket");
		assertBadRequest("/llmusage?from=2026-11-22T10:00:00Z&to=2026-11-21T10:00:00Z", "from");
	}

	@Test
	void usageIsGroupedByModel() {
		DocumentContext body = get("/llmusage");

		assertThat(body.read("$.groupBy", String.class)).isEqualTo("model");
		assertThat((List<String>) body.read("$.usage[*].key")).containsExactly("gpt-4o-2024-08-06", "llama3.2");
		assertThat(body.read("$.usage[0].requests", Integer.class)).isEqualTo(5);
		assertThat(body.read("$.usage[0].promptTokens", Integer.class)).isEqualTo(70);
		assertThat(body.read("$.usage[0].costUsd", Double.class)).isEqualTo(0.000525);
		// estimated from the latency histogram, within the bucket (700 ms, 850 ms] of
		// the true 850 ms
		assertThat(body.read("$.usage[0].latencyP95Ms", Double.class)).isBetween(700.0, 850.0);
		assertThat(body.read("$.usage[1].errors", Integer.class)).isEqualTo(1);
		assertThat(body.read("$.totals.requests", Integer.class)).isEqualTo(6);
	}

	@Test
	void usageIsGroupedByAttributeAndBucketed() {
		DocumentContext byTenant = get("/llmusage?groupBy=attribute:tenant");
		assertThat((List<String>) byTenant.read("$.usage[*].key")).containsExactly("acme", "globex", "none");

		DocumentContext byMinute = get("/llmusage?groupBy=provider&bucket=1d");
		assertThat(byMinute.read("$.bucket", String.class)).isEqualTo("1d");
		assertThat((List<String>) byMinute.read("$.usage[*].bucketStart")).isNotEmpty().doesNotContainNull();
		assertThat(byMinute.read("$.totals.requests", Integer.class)).isEqualTo(6);
	}

	@Test
	void bucketedUsageAlsoAnswersEachGroupAndAllCallsOverTheWindow() {
		DocumentContext board = get("/llmusage?groupBy=model&bucket=1m");
		DocumentContext groups = get("/llmusage?groupBy=model");
		DocumentContext overall = get("/llmusage?groupBy=none");
		DocumentContext overallSeries = get("/llmusage?groupBy=none&bucket=1m");

		assertThat((Object) board.read("$.groups")).isEqualTo(groups.read("$.usage"));
		assertThat((Object) board.read("$.overall")).isEqualTo(overall.read("$.usage[0]"));
		assertThat((Object) board.read("$.overallSeries")).isEqualTo(overallSeries.read("$.usage"));
		assertThat(board.read("$.overall.requests", Integer.class)).isEqualTo(6);
		assertThat((List<String>) board.read("$.overallSeries[*].key")).isNotEmpty().containsOnly("all");
		assertThat((Object) groups.read("$.overall")).isEqualTo(overall.read("$.usage[0]"));
		assertThat(groups.jsonString()).doesNotContain("\"groups\"", "\"overallSeries\"");
	}

	@Test
	void usageIsTotalledBySourceOrAsOneGroupAndFilteredAsCallsAre() {
		DocumentContext all = get("/llmusage?groupBy=none");
		assertThat((List<String>) all.read("$.usage[*].key")).containsExactly("all");
		assertThat(all.read("$.usage[0].requests", Integer.class)).isEqualTo(6);
		assertThat(all.read("$.usage[0].latencyP50Ms", Double.class)).isPositive();
		assertThat((List<String>) get("/llmusage?groupBy=source").read("$.usage[*].key")).containsExactly("advisor");

		assertThat(get("/llmusage?status=error").read("$.totals.requests", Integer.class)).isEqualTo(1);
		assertThat(get("/llmusage?threadId=t-1").read("$.totals.requests", Integer.class)).isEqualTo(2);
		assertThat(get("/llmusage?userId=nobody").read("$.totals.requests", Integer.class)).isZero();
		assertThat(get("/llmusage?source=proxy").read("$.totals.requests", Integer.class)).isZero();
		assertThat(ids("/llmcalls?source=advisor")).hasSize(6);
		assertThat(ids("/llmcalls?source=http")).isEmpty();
	}

	@Test
	void usageOfTheDefaultWindowCountsEachCallOnceJustAfterAnHour() {
		DocumentContext body = get("/llmusage");

		assertThat(body.read("$.to", String.class)).isEqualTo(NOW.toString());
		assertThat(body.read("$.totals.requests", Integer.class)).isEqualTo(6);
		assertThat(body.read("$.totals.promptTokens", Integer.class)).isEqualTo(6 * 14);
		DocumentContext lastHour = get("/llmusage?from=" + NOW.truncatedTo(ChronoUnit.HOURS));
		assertThat(lastHour.read("$.totals.requests", Integer.class)).isEqualTo(1);
	}

	private void assertBadRequest(String path, String parameter) {
		assertBadRequest(URI.create(this.base + path), parameter);
	}

	private void assertBadRequest(URI path, String parameter) {
		ResponseEntity<String> response = this.http.get().uri(path).retrieve().toEntity(String.class);
		assertThat(response.getStatusCode().value()).as(path.toString()).isEqualTo(400);
		DocumentContext body = JsonPath.parse(response.getBody());
		assertThat(body.read("$.parameter", String.class)).as(path.toString()).isEqualTo(parameter);
		assertThat(body.read("$.message", String.class)).as(path.toString()).contains("'" + parameter + "'");
	}

	private List<String> ids(String path) {
		return get(path).read("$.calls[*].id");
	}

	private int status(String path) {
		return this.http.get().uri(path).retrieve().toBodilessEntity().getStatusCode().value();
	}

	private DocumentContext get(String path) {
		ResponseEntity<String> response = this.http.get().uri(path).retrieve().toEntity(String.class);
		assertThat(response.getStatusCode().value()).as(path + " -> " + response.getBody()).isEqualTo(200);
		return JsonPath.parse(response.getBody());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FixedClockConfiguration {

		@Bean
		LlmUsageEndpoint llmUsageEndpoint(LlmCallRepository repository) {
			return new LlmUsageEndpoint(repository, Clock.fixed(NOW, ZoneOffset.UTC));
		}

		@Bean
		LlmCallsEndpoint llmCallsEndpoint(LlmCallRepository repository) {
			return new LlmCallsEndpoint(repository, Show.ALWAYS, Set.of(), Clock.fixed(NOW, ZoneOffset.UTC));
		}

	}

}
