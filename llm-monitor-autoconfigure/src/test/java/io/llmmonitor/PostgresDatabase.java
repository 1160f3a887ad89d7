package io.llmmonitor;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.Assumptions;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The local PostgreSQL server (127.0.0.1:5432, database {@code test}), in a schema of
 * llm-monitor's tests. Required on CI; elsewhere its tests are skipped when it is down.
 */
public final class PostgresDatabase {

	public static final String URL = "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=llm_monitor_test";

	public static final String USER = "postgres";

	private PostgresDatabase() {
	}

	public static DataSource dataSource() {
		SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), URL, USER, "");
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA IF NOT EXISTS llm_monitor_test");
		}
		catch (SQLException ex) {
			if ("true".equals(System.getenv("CI"))) {
				throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 is required on CI", ex);
			}
			Assumptions.abort("PostgreSQL at 127.0.0.1:5432 is not running: " + ex.getMessage());
		}
		return dataSource;
	}

}
