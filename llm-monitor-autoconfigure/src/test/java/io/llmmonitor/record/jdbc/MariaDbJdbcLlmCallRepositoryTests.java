package io.llmmonitor.record.jdbc;

import javax.sql.DataSource;

import io.llmmonitor.LocalDatabases;

/**
 * {@link JdbcLlmCallRepository} on the local MariaDB server.
 */
class MariaDbJdbcLlmCallRepositoryTests extends AbstractJdbcLlmCallRepositoryTests {

	private DataSource dataSource;

	@Override
	DataSource dataSource() {
		if (this.dataSource == null) {
			this.dataSource = LocalDatabases.mariaDb();
		}
		return this.dataSource;
	}

	@Override
	String platform() {
		return "mariadb";
	}

}
