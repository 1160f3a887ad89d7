package io.llmmonitor.record.jdbc;

import javax.sql.DataSource;

import io.llmmonitor.LocalDatabases;

/**
 * {@link JdbcLlmCallRepository} on the local PostgreSQL server.
 */
class PostgresJdbcLlmCallRepositoryTests extends AbstractJdbcLlmCallRepositoryTests {

	private DataSource dataSource;

	@Override
	DataSource dataSource() {
		if (this.dataSource == null) {
			this.dataSource = LocalDatabases.postgres();
		}
		return this.dataSource;
	}

	@Override
	String platform() {
		return "postgresql";
	}

}
