package io.llmmonitor.actuate.endpoint;

import io.llmmonitor.LocalDatabases;
import io.llmmonitor.TestApplication;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * {@link EndpointParameterPropertyTests} on the local PostgreSQL, which refuses NUL in
 * text outright.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=llmcalls,llmusage",
				"spring.datasource.url=" + LocalDatabases.POSTGRES_URL,
				"spring.datasource.username=" + LocalDatabases.POSTGRES_USER,
				"llm.monitor.store.initialize-schema=always", "spring.ai.openai.api-key=sk-unused" })
class PostgresEndpointParameterPropertyTests extends EndpointParameterPropertyTests {

	@BeforeAll
	static void requirePostgres() {
		LocalDatabases.postgres();
	}

}
