package io.llmmonitor.record.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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

	@Test
	void usageTablesHaveTheColumnsTheRollupsWrite() throws IOException {
		List<String> written = new ArrayList<>(LlmCallRollups.KEY_COLUMNS);
		written.addAll(LlmCallRollups.SUM_COLUMNS);
		written.addAll(LlmCallRollups.MAX_COLUMNS);
		for (String platform : List.of("h2", "postgresql", "mariadb")) {
			String script = text("schema-" + platform + ".sql");
			for (String table : List.of(LlmCallRollups.HOURLY, LlmCallRollups.DAILY)) {
				assertThat(columns(script, table)).as(platform + " " + table).containsExactlyElementsOf(written);
			}
		}
	}

	private static List<String> columns(String script, String table) {
		String start = "CREATE TABLE IF NOT EXISTS " + table + " (";
		String body = script.substring(script.indexOf(start) + start.length());
		return body.substring(0, body.indexOf("CONSTRAINT"))
			.lines()
			.map(String::strip)
			.filter((line) -> !line.isEmpty())
			.map((line) -> line.substring(0, line.indexOf(' ')))
			.toList();
	}

	private static ClassPathResource script(String name) {
		return new ClassPathResource("io/llmmonitor/record/" + name);
	}

	private static String text(String name) throws IOException {
		return script(name).getContentAsString(StandardCharsets.UTF_8);
	}

}
