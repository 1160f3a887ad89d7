package io.llmmonitor.instances;

import io.llmmonitor.LocalDatabases;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Four instances on the local MariaDB server, in a database of their own.
 */
class MariaDbManyInstancesOneDatabaseTests extends ManyInstancesOneDatabaseTests {

	private static final String URL = "jdbc:mariadb://127.0.0.1:3306/llm_monitor_instances";

	@Override
	String emptyDatabase() {
		JdbcTemplate server = new JdbcTemplate(LocalDatabases.mariaDb());
		server.execute("DROP DATABASE IF EXISTS llm_monitor_instances");
		server.execute("CREATE DATABASE llm_monitor_instances");
		return URL;
	}

	@Override
	String user() {
		return LocalDatabases.MARIADB_USER;
	}

	@Override
	JdbcTemplate jdbc() {
		return new JdbcTemplate(new SimpleDriverDataSource(new org.mariadb.jdbc.Driver(), URL, user(), ""));
	}

}
