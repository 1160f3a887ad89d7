package io.llmmonitor.record;

import javax.sql.DataSource;

/**
 * {@link JdbcLlmCallRepository} on the local PostgreSQL server.
 */
class PostgresJdbcLlmCallRepositoryTests extends AbstractJdbcLlmCallRepositoryTests {

	private DataSource dataSource;

	@Override
	DataSource dataSource() {
		if (this.dataSource == null) {
			this.dataSource = PostgresDatabase.dataSource();
		}
		return this.dataSource;
	}

	@Override
	String platform() {
		return "postgresql";
	}

}
