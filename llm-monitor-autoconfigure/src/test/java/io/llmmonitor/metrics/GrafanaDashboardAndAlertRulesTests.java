package io.llmmonitor.metrics;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import io.llmmonitor.Fixtures;
import io.llmmonitor.LoopbackOpenAi;
import io.llmmonitor.TestApplication;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.TestSocketUtils;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Grafana dashboard and the alert rules of {@code dashboards/} against a real
 * Prometheus server scraping an application with LLM traffic: every panel's query and
 * every variable's query returns data, every alert expression is valid, and
 * {@code promtool} accepts the rules and passes their unit tests.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=prometheus", "spring.ai.openai.api-key=sk-test",
				"spring.ai.openai.max-retries=0", "spring.ai.openai.chat.options.model=gpt-4o",
				"llm.monitor.project=shop" })
@AutoConfigureMetrics
class GrafanaDashboardAndAlertRulesTests {

	static final Path DASHBOARDS = Path.of("..", "dashboards");

	static final MockWebServer server = LoopbackOpenAi.start();

	static Process prometheus;

	@TempDir
	static Path dir;

	@LocalServerPort
	int port;

	@Autowired
	ChatClient.Builder chatClientBuilder;

	private final HttpClient http = HttpClient.newHttpClient();

	@DynamicPropertySource
	static void openAi(DynamicPropertyRegistry registry) {
		LoopbackOpenAi.baseUrl(registry, server);
	}

	@AfterAll
	static void stop() throws InterruptedException {
		LoopbackOpenAi.stop(server);
		if (prometheus != null) {
			prometheus.destroy();
			prometheus.waitFor(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void everyPanelQueryReturnsDataAndEveryAlertExpressionIsValid() throws Exception {
		String prometheusUrl = startPrometheus();
		ChatClient chatClient = this.chatClientBuilder.build();
		traffic(chatClient);
		// three series (the plain call and the stream share one), each scraped at least
		// twice
		await().atMost(Duration.ofSeconds(60))
			.until(() -> number(query(prometheusUrl, "sum(count_over_time(llm_requests_total[1m]))")) >= 6);
		traffic(chatClient);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> number(query(prometheusUrl, "sum(changes(llm_requests_total[1m]))")) >= 3);

		DocumentContext dashboard = JsonPath.parse(DASHBOARDS.resolve("llm-monitor.json").toFile());
		List<String> panelQueries = dashboard.read("$.panels[*].targets[*].expr");
		assertThat(panelQueries).hasSizeGreaterThan(15);
		for (String expr : panelQueries) {
			DocumentContext result = query(prometheusUrl, grafanaVariables(expr));
			List<Object> values = result.read("$.data.result[*].value[1]");
			assertThat(values).as(expr).isNotEmpty().anyMatch((value) -> !"NaN".equals(value));
		}
		List<String> variableQueries = dashboard.read("$.templating.list[?(@.type == 'query')].query.query");
		assertThat(variableQueries).hasSize(3);
		for (String variable : variableQueries) {
			String selector = grafanaVariables(variable.replaceAll("^label_values\\((.*), \\w+\\)$", "$1"));
			assertThat(series(prometheusUrl, selector)).as(variable).isNotEmpty();
		}

		List<String> alerts = alertExpressions();
		assertThat(alerts).hasSize(6);
		for (String expr : alerts) {
			assertThat(query(prometheusUrl, expr).read("$.status", String.class)).as(expr).isEqualTo("success");
		}
	}

	@Test
	void promtoolChecksTheRulesAndPassesTheirUnitTests() throws Exception {
		Tool check = tool("promtool", "check", "rules", "llm-monitor-alerts.yml");
		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: 6 rules found");
		Tool unitTests = tool("promtool", "test", "rules", "llm-monitor-alerts.test.yml");
		assertThat(unitTests.exitCode()).as(unitTests.output()).isZero();
	}

	/**
	 * A plain call, a stream, a call to a model without a price and a failing call.
	 */
	private static void traffic(ChatClient chatClient) {
		server.enqueue(Fixtures.json("openai-chat-cached-tokens.json"));
		chatClient.prompt().user("Hi").call().content();
		server.enqueue(Fixtures.sse("openai-chat-stream-plain.sse"));
		chatClient.prompt().user("Hi").stream().content().blockLast(Duration.ofSeconds(10));
		server.enqueue(Fixtures.json("vllm-chat-plain.json"));
		chatClient.prompt().options(OpenAiChatOptions.builder().model("deepseek-r1")).user("Hi").call().content();
		server.enqueue(Fixtures.json(429, "openai-error-400-invalid-request.json"));
		try {
			chatClient.prompt().user("Hi").call().content();
		}
		catch (RuntimeException ex) {
			// recorded as an error, as intended
		}
	}

	private static String grafanaVariables(String expr) {
		return expr.replace("$project", ".*")
			.replace("$model", ".*")
			.replace("$provider", ".*")
			.replace("$__rate_interval", "30s")
			.replace("$__range", "5m");
	}

	private static List<String> alertExpressions() throws IOException {
		List<String> expressions = new ArrayList<>();
		StringBuilder current = null;
		for (String line : Files.readAllLines(DASHBOARDS.resolve("llm-monitor-alerts.yml"))) {
			if (line.strip().startsWith("expr: |")) {
				current = new StringBuilder();
			}
			else if (current != null && line.startsWith("          ")) {
				current.append(line.strip()).append('\n');
			}
			else if (current != null) {
				expressions.add(current.toString().strip());
				current = null;
			}
		}
		return expressions;
	}

	private String startPrometheus() throws Exception {
		File binary = executable("prometheus");
		int prometheusPort = TestSocketUtils.findAvailableTcpPort();
		Path config = Files.writeString(dir.resolve("prometheus.yml"), """
				global:
				  scrape_interval: 1s
				  evaluation_interval: 1s
				scrape_configs:
				  - job_name: app
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ['127.0.0.1:%d']
				""".formatted(this.port));
		prometheus = new ProcessBuilder(binary.getPath(), "--config.file=" + config,
				"--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + prometheusPort)
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("prometheus.log").toFile())
			.start();
		String url = "http://127.0.0.1:" + prometheusPort;
		await().atMost(Duration.ofSeconds(60))
			.ignoreExceptions()
			.until(() -> get(url + "/-/ready").statusCode() == 200);
		return url;
	}

	private DocumentContext query(String prometheusUrl, String expr) throws IOException, InterruptedException {
		URI uri = UriComponentsBuilder.fromUriString(prometheusUrl + "/api/v1/query")
			.queryParam("query", "{query}")
			.build(Map.of("query", expr));
		HttpResponse<String> response = get(uri.toString());
		assertThat(response.statusCode()).as(expr + " -> " + response.body()).isEqualTo(200);
		return JsonPath.parse(response.body());
	}

	private List<Object> series(String prometheusUrl, String selector) throws IOException, InterruptedException {
		URI uri = UriComponentsBuilder.fromUriString(prometheusUrl + "/api/v1/series")
			.queryParam("match[]", "{selector}")
			.build(Map.of("selector", selector));
		HttpResponse<String> response = get(uri.toString());
		assertThat(response.statusCode()).as(selector + " -> " + response.body()).isEqualTo(200);
		return JsonPath.parse(response.body()).read("$.data");
	}

	private static double number(DocumentContext result) {
		List<String> values = result.read("$.data.result[*].value[1]");
		return values.isEmpty() ? 0 : Double.parseDouble(values.get(0));
	}

	private HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static Tool tool(String name, String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(executable(name).getPath()));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(DASHBOARDS.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		return new Tool(process.exitValue(), output);
	}

	private static File executable(String name) {
		for (String path : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
			File candidate = new File(path, name);
			if (candidate.canExecute()) {
				return candidate;
			}
		}
		if ("true".equals(System.getenv("CI"))) {
			throw new IllegalStateException(name + " (Debian package 'prometheus') is required on CI");
		}
		Assumptions.abort(name + " is not installed (apt-get install prometheus)");
		throw new IllegalStateException();
	}

	record Tool(int exitCode, String output) {
	}

}
