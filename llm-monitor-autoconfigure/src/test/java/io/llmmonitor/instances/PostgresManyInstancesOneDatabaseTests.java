package io.llmmonitor.instances;

import io.llmmonitor.LocalDatabases;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Four instances on the local PostgreSQL server, in a schema of their own.
 */
class PostgresManyInstancesOneDatabaseTests extends ManyInstancesOneDatabaseTests {

	private static final String URL = "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=llm_monitor_instances";

	@Override
	String emptyDatabase() {
		JdbcTemplate server = new JdbcTemplate(LocalDatabases.postgres());
		server.execute("DROP SCHEMA IF EXISTS llm_monitor_instances CASCADE");
		server.execute("CREATE SCHEMA llm_monitor_instances");
		return URL;
	}

	@Override
	String user() {
		return LocalDatabases.POSTGRES_USER;
	}

	@Override
	JdbcTemplate jdbc() {
		return new JdbcTemplate(new SimpleDriverDataSource(new org.postgresql.Driver(), URL, user(), ""));
	}

}
