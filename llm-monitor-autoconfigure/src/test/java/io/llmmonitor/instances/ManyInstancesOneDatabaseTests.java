package io.llmmonitor.instances;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.llmmonitor.Fixtures;
import io.llmmonitor.LoopbackOpenAi;
import io.llmmonitor.TestApplication;
import io.llmmonitor.context.LlmMonitor;
import io.llmmonitor.record.LlmCallWriter;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Four application instances write to one database at once, each with two writer threads
 * and small batches, their calls spread over five projects so that their transactions add
 * to the same rollup rows side by side: every call is stored once, and
 * {@code /actuator/llmusage} gives the same exact totals whether it reads the daily
 * rollups, the hourly ones or the calls.
 */
abstract class ManyInstancesOneDatabaseTests {

	private static final int INSTANCES = 4;

	private static final int THREADS_PER_INSTANCE = 2;

	private static final int CALLS_PER_THREAD = 125;

	private static final int CALLS = INSTANCES * THREADS_PER_INSTANCE * CALLS_PER_THREAD;

	private static final int PROJECTS = 5;

	/** Tokens of the served answer (openai-chat-plain.json). */
	private static final long PROMPT_TOKENS = 14;

	private static final long COMPLETION_TOKENS = 7;

	private final JsonMapper json = JsonMapper.builder().build();

	private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

	private MockWebServer upstream;

	/**
	 * An empty schema (or database) of the server, its tables dropped.
	 * @return the JDBC URL of that schema, for the instances
	 */
	abstract String emptyDatabase();

	abstract String user();

	abstract JdbcTemplate jdbc();

	@AfterEach
	void stopInstances() {
		this.instances.forEach(ConfigurableApplicationContext::close);
		if (this.upstream != null) {
			LoopbackOpenAi.stop(this.upstream);
		}
	}

	@Test
	void everyCallIsStoredOnceAndUsageTotalsAreExact() throws Exception {
		String url = emptyDatabase();
		this.upstream = LoopbackOpenAi.start();
		this.upstream.setDispatcher(new Dispatcher() {
			@Override
			public MockResponse dispatch(RecordedRequest request) {
				return Fixtures.json("openai-chat-plain.json");
			}
		});
		for (int i = 0; i < INSTANCES; i++) {
			this.instances.add(start(url));
		}

		ExecutorService clients = Executors.newFixedThreadPool(INSTANCES * THREADS_PER_INSTANCE);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (ConfigurableApplicationContext instance : this.instances) {
				RestClient restClient = instance.getBean(RestClient.Builder.class)
					.baseUrl(this.upstream.url("/v1").toString())
					.build();
				for (int thread = 0; thread < THREADS_PER_INSTANCE; thread++) {
					done.add(clients.submit(() -> call(restClient)));
				}
			}
			for (Future<?> future : done) {
				future.get(2, TimeUnit.MINUTES);
			}
		}
		finally {
			clients.shutdownNow();
		}
		List<LlmCallWriter> writers = this.instances.stream().map((i) -> i.getBean(LlmCallWriter.class)).toList();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> writers.stream().mapToLong(LlmCallWriter::written).sum() == CALLS);
		for (LlmCallWriter writer : writers) {
			assertThat(writer.status().dropped().values()).containsOnly(0L);
		}

		JdbcTemplate jdbc = jdbc();
		assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT id) FROM llm_call", Long.class)).isEqualTo(CALLS);
		assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM llm_call", Long.class)).isEqualTo(CALLS);
		BigDecimal cost = jdbc.queryForObject("SELECT SUM(cost_usd) FROM llm_call", BigDecimal.class);
		assertThat(cost).isPositive();
		Map<String, Long> perProject = perProject(
				"SELECT project, COUNT(*) AS requests FROM llm_call GROUP BY project");
		assertThat(perProject).hasSize(PROJECTS)
			.containsOnlyKeys(projects())
			.allSatisfy((project, requests) -> assertThat(requests).isEqualTo(CALLS / PROJECTS));
		assertThat(perProject("SELECT project, SUM(requests) AS requests FROM llm_usage_hour GROUP BY project"))
			.isEqualTo(perProject);
		assertThat(perProject("SELECT project, SUM(requests) AS requests FROM llm_usage_day GROUP BY project"))
			.isEqualTo(perProject);

		Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
		String window = "from=" + today.minus(2, ChronoUnit.DAYS) + "&to=" + today.plus(2, ChronoUnit.DAYS);
		int port = port(this.instances.get(0));
		// whole days: the daily rollups; hourly buckets: the hourly ones; a status
		// filter:
		// the calls
		for (String query : List.of(window + "&groupBy=project", window + "&groupBy=project&bucket=1h",
				window + "&groupBy=project&status=success")) {
			JsonNode usage = usage(port, query);
			JsonNode totals = usage.get("totals");
			assertThat(totals.get("requests").asLong()).as(query).isEqualTo(CALLS);
			assertThat(totals.get("errors").asLong()).as(query).isZero();
			assertThat(totals.get("promptTokens").asLong()).as(query).isEqualTo(CALLS * PROMPT_TOKENS);
			assertThat(totals.get("completionTokens").asLong()).as(query).isEqualTo(CALLS * COMPLETION_TOKENS);
			assertThat(totals.get("costUsd").decimalValue()).as(query).isEqualByComparingTo(cost);
			Map<String, Long> groups = new TreeMap<>();
			JsonNode entries = usage.has("groups") ? usage.get("groups") : usage.get("usage");
			entries.forEach((entry) -> groups.put(entry.get("key").asString(), entry.get("requests").asLong()));
			assertThat(groups).as(query).isEqualTo(perProject);
		}
	}

	private void call(RestClient restClient) {
		for (int i = 0; i < CALLS_PER_THREAD; i++) {
			try (LlmMonitor.Scope scope = LlmMonitor.with().project("team-" + (i % PROJECTS)).open()) {
				restClient.post()
					.uri("/chat/completions")
					.contentType(MediaType.APPLICATION_JSON)
					.body(Map.of("model", "gpt-4o", "messages",
							List.of(Map.of("role", "user", "content", "What is the capital of France?"))))
					.retrieve()
					.body(String.class);
			}
		}
	}

	private ConfigurableApplicationContext start(String url) {
		return new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "management.endpoints.web.exposure.include=llmusage",
					"spring.datasource.url=" + url, "spring.datasource.username=" + user(),
					"spring.datasource.password=", "llm.monitor.store.initialize-schema=always",
					"llm.monitor.store.batch-size=25", "llm.monitor.store.writer-threads=2",
					"llm.monitor.store.flush-interval=10ms", "spring.ai.openai.api-key=sk-unused",
					"spring.main.banner-mode=off")
			.run();
	}

	private Map<String, Long> perProject(String sql) {
		return jdbc().queryForList(sql)
			.stream()
			.collect(Collectors.toMap((row) -> (String) row.get("project"),
					(row) -> ((Number) row.get("requests")).longValue(), Long::sum, TreeMap::new));
	}

	private static List<String> projects() {
		List<String> projects = new ArrayList<>();
		for (int i = 0; i < PROJECTS; i++) {
			projects.add("team-" + i);
		}
		return projects;
	}

	private static int port(ConfigurableApplicationContext instance) {
		return Integer.parseInt(instance.getEnvironment().getProperty("local.server.port", "0"));
	}

	private JsonNode usage(int port, String query) {
		String body = RestClient.create("http://127.0.0.1:" + port)
			.get()
			.uri("/actuator/llmusage?" + query)
			.retrieve()
			.body(String.class);
		return this.json.readTree(body);
	}

}
