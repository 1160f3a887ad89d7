package io.llmmonitor;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.Assumptions;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The database servers that run beside the tests, on this machine and on CI: PostgreSQL
 * (127.0.0.1:5432, database {@code test}) and MariaDB (127.0.0.1:3306, database
 * {@code test}), each used in a schema or database of llm-monitor's tests. Required on
 * CI; elsewhere a test that needs a server that is down is skipped.
 */
public final class LocalDatabases {

	/** PostgreSQL, in the schema {@code llm_monitor_test}. */
	public static final String POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=llm_monitor_test";

	/** The PostgreSQL user. */
	public static final String POSTGRES_USER = "postgres";

	/** MariaDB, in the database {@code llm_monitor_test}. */
	public static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/llm_monitor_test";

	/** The MariaDB user. */
	public static final String MARIADB_USER = "root";

	private LocalDatabases() {
	}

	/**
	 * The local PostgreSQL server, with the tests' schema created.
	 * @return its data source
	 */
	public static DataSource postgres() {
		SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), POSTGRES_URL,
				POSTGRES_USER, "");
		require("PostgreSQL at 127.0.0.1:5432", new SimpleDriverDataSource(new org.postgresql.Driver(),
				"jdbc:postgresql://127.0.0.1:5432/test", POSTGRES_USER, ""),
				"CREATE SCHEMA IF NOT EXISTS llm_monitor_test");
		return dataSource;
	}

	/**
	 * The local MariaDB server, with the tests' database created.
	 * @return its data source
	 */
	public static DataSource mariaDb() {
		require("MariaDB at 127.0.0.1:3306", new SimpleDriverDataSource(new org.mariadb.jdbc.Driver(),
				"jdbc:mariadb://127.0.0.1:3306/test", MARIADB_USER, ""),
				"CREATE DATABASE IF NOT EXISTS llm_monitor_test");
		return new SimpleDriverDataSource(new org.mariadb.jdbc.Driver(), MARIADB_URL, MARIADB_USER, "");
	}

	private static void require(String server, DataSource dataSource, String setUp) {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(setUp);
		}
		catch (SQLException ex) {
			if ("true".equals(System.getenv("CI"))) {
				throw new IllegalStateException(server + " is required on CI", ex);
			}
			Assumptions.abort(server + " is not running: " + ex.getMessage());
		}
	}

}
