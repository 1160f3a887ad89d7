package io.llmmonitor.autoconfigure;

import java.util.UUID;

import io.llmmonitor.LocalDatabases;
import io.llmmonitor.TestApplication;
import io.llmmonitor.record.jdbc.StoreDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The line llm-monitor logs once an application is ready, and the WARN of an in-memory
 * store: applications started as users start them, their output captured.
 */
@ExtendWith(OutputCaptureExtension.class)
class LlmMonitorStartupReportTests {

	@Test
	void starterDefaultsSayRecordsGoToAnInMemoryH2AndWarnTheyAreLostAtRestart(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start(WebApplicationType.NONE, "llm.monitor.project=checkout",
				"spring.datasource.generate-unique-name=false", "spring.datasource.name=startup")) {
			assertThat(output).contains("llm-monitor checkout: records to H2 at jdbc:h2:mem:startup (tables present), "
					+ "queue of 10000 written in batches of 500 by 1 thread; capture: ChatClient advisor, RestClient, WebClient, "
					+ "OkHttp (Spring AI OpenAI), OkHttp (Spring AI Anthropic)")
				.contains("WARN")
				.contains("llm-monitor keeps its records in an in-memory database (jdbc:h2:mem:startup) that loses "
						+ "them when the application stops: set spring.datasource.url");
		}
	}

	@Test
	void postgresqlWithoutTablesIsNamedWithoutItsCredentialsAndTheProxyAndBoardAreListed(CapturedOutput output) {
		LocalDatabases.postgres();
		String schema = "llm_startup_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		JdbcTemplate admin = new JdbcTemplate(LocalDatabases.postgres());
		admin.execute("CREATE SCHEMA " + schema);
		String url = "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema + "&user=postgres&password=secret";
		try (ConfigurableApplicationContext context = start(WebApplicationType.SERVLET, "spring.datasource.url=" + url,
				"llm.monitor.proxy.enabled=true", "llm.monitor.board.enabled=true", "server.port=0",
				"management.endpoints.web.exposure.include=llmcalls,llmusage")) {
			String port = context.getEnvironment().getProperty("local.server.port");
			assertThat(output).contains(
					"llm-monitor default: records to PostgreSQL at jdbc:postgresql://127.0.0.1:5432/test?currentSchema="
							+ schema + " (tables missing), queue of 10000 written in batches of 500 by 2 threads")
				.contains(", proxy at /llm-proxy/v1 and /llm-proxy/anthropic/v1 to https://api.openai.com/v1; "
						+ "board at http://localhost:" + port + "/llm-monitor/")
				.doesNotContain("secret")
				.doesNotContain("in-memory database");
		}
		finally {
			admin.execute("DROP SCHEMA " + schema + " CASCADE");
		}
	}

	@Test
	void credentialsAreTakenOutOfJdbcUrls() {
		assertThat(StoreDescription.withoutCredentials("jdbc:postgresql://alice:s3cret@db:5432/app?ssl=true"))
			.isEqualTo("jdbc:postgresql://db:5432/app?ssl=true");
		assertThat(StoreDescription.withoutCredentials("jdbc:mariadb://db/app?user=alice&password=s3cret&ssl=true"))
			.isEqualTo("jdbc:mariadb://db/app?ssl=true");
		assertThat(StoreDescription.withoutCredentials("jdbc:sqlserver://db;databaseName=app;user=alice;password=x"))
			.isEqualTo("jdbc:sqlserver://db;databaseName=app");
		assertThat(StoreDescription.withoutCredentials("jdbc:h2:mem:testdb")).isEqualTo("jdbc:h2:mem:testdb");
	}

	private static ConfigurableApplicationContext start(WebApplicationType type, String... properties) {
		return new SpringApplicationBuilder(TestApplication.class).web(type)
			.properties("spring.ai.openai.api-key=sk-unused", "spring.main.banner-mode=off")
			.properties(properties)
			.run();
	}

}
