package io.llmmonitor.record.jdbc;

import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * {@link JdbcLlmCallRepository} on an embedded H2 database.
 */
class H2JdbcLlmCallRepositoryTests extends AbstractJdbcLlmCallRepositoryTests {

	private final DataSource dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
			"jdbc:h2:mem:llm-monitor-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

	@Override
	DataSource dataSource() {
		return this.dataSource;
	}

	@Override
	String platform() {
		return "h2";
	}

}
