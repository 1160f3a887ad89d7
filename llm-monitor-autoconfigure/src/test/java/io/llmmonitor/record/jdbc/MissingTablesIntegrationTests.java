package io.llmmonitor.record.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import io.llmmonitor.Fixtures;
import io.llmmonitor.LocalDatabases;
import io.llmmonitor.LoopbackOpenAi;
import io.llmmonitor.TestApplication;
import io.llmmonitor.record.LlmCallWriter;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application on PostgreSQL whose tables were not created (the default
 * {@code initialize-schema=embedded} creates none there): one ERROR that names the fix,
 * no stack traces, endpoints answering 503 with the same words, and the queued records
 * written once the tables are there.
 */
@ExtendWith(OutputCaptureExtension.class)
class MissingTablesIntegrationTests {

	static final MockWebServer server = LoopbackOpenAi.start();

	@AfterAll
	static void stopServer() {
		LoopbackOpenAi.stop(server);
	}

	@Test
	void missingTablesAreSaidOnceEndpointsAnswer503AndRecordsWaitForTheTables(CapturedOutput output) {
		DataSource postgres = LocalDatabases.postgres();
		String schema = "llm_missing_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		JdbcTemplate admin = new JdbcTemplate(postgres);
		admin.execute("CREATE SCHEMA " + schema);
		String url = "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema;
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TestApplication.class)
			.properties("server.port=0", "spring.datasource.url=" + url, "spring.datasource.username=postgres",
					"spring.datasource.password=", "management.endpoints.web.exposure.include=llmcalls,llmusage",
					"llm.monitor.store.max-retry-delay=250ms", "llm.monitor.store.flush-interval=10ms",
					"spring.ai.openai.api-key=sk-unused", "spring.main.banner-mode=off")
			.run()) {
			LlmCallWriter writer = context.getBean(LlmCallWriter.class);
			RestClient llm = context.getBean(RestClient.Builder.class)
				.baseUrl(server.url("/v1/chat/completions").toString())
				.build();
			for (int i = 0; i < 3; i++) {
				server.enqueue(Fixtures.json("openai-chat-plain.json"));
				llm.post()
					.body(Map.of("model", "gpt-4o", "messages", List.of(Map.of("role", "user", "content", "Hi"))))
					.retrieve()
					.body(String.class);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> writer.status().lastError() != null);

			String fix = "llm-monitor's tables are missing in PostgreSQL at " + url
					+ ": set llm.monitor.store.initialize-schema=always to create them at start-up, or create them "
					+ "with classpath:io/llmmonitor/record/schema-postgresql.sql";
			String port = context.getEnvironment().getProperty("local.server.port");
			RestClient actuator = RestClient.create("http://127.0.0.1:" + port + "/actuator");
			ResponseEntity<String> calls = get(actuator, "/llmcalls");
			ResponseEntity<String> usage = get(actuator, "/llmusage");
			assertThat(calls.getStatusCode().value()).isEqualTo(503);
			assertThat(calls.getBody()).contains("\"status\":503").contains(fix);
			assertThat(usage.getStatusCode().value()).isEqualTo(503);
			assertThat(usage.getBody()).contains(fix);
			assertThat(writer.written()).isZero();

			new ResourceDatabasePopulator(new ClassPathResource("io/llmmonitor/record/schema-postgresql.sql"))
				.execute(context.getBean(DataSource.class));
			await().atMost(Duration.ofSeconds(10)).until(() -> writer.written() == 3);
			assertThat(get(actuator, "/llmcalls").getBody()).contains("gpt-4o-2024-08-06");
			assertThat(output.toString().lines().filter((line) -> line.contains(" ERROR "))).singleElement()
				.satisfies((line) -> assertThat(line).contains(fix));
			assertThat(output).contains("(tables missing)")
				.contains("llm-monitor's store takes writes again")
				.doesNotContain("BadSqlGrammarException")
				.doesNotContain("\tat ");
		}
		finally {
			admin.execute("DROP SCHEMA " + schema + " CASCADE");
		}
	}

	private static ResponseEntity<String> get(RestClient actuator, String path) {
		return actuator.get().uri(path).retrieve().onStatus(HttpStatusCode::isError, (request, response) -> {
		}).toEntity(String.class);
	}

}
