package io.llmmonitor.record.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema scripts beside the store: a pair (create, drop) for every platform Spring
 * Boot names a database the dialect accepts by.
 */
class SchemaScriptsTests {

	@Test
	void everyPlatformHasACreateAndADropScript() {
		for (String platform : List.of("h2", "postgresql", "mariadb", "mysql")) {
			assertThat(script("schema-" + platform + ".sql").exists()).as(platform).isTrue();
			assertThat(script("schema-drop-" + platform + ".sql").exists()).as(platform).isTrue();
		}
	}

	@Test
	void mariaDbAndMySqlShareOneSchema() throws IOException {
		assertThat(text("schema-mysql.sql")).isEqualTo(text("schema-mariadb.sql"));
		assertThat(text("schema-drop-mysql.sql")).isEqualTo(text("schema-drop-mariadb.sql"));
	}

	private static ClassPathResource script(String name) {
		return new ClassPathResource("io/llmmonitor/record/" + name);
	}

	private static String text(String name) throws IOException {
		return script(name).getContentAsString(StandardCharsets.UTF_8);
	}

}
