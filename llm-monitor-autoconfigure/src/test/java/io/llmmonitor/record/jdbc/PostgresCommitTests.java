package io.llmmonitor.record.jdbc;

import io.llmmonitor.LocalDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a batch's transaction commits on the local PostgreSQL server: durably unless told
 * otherwise, and asynchronously for that transaction only.
 */
class PostgresCommitTests {

	private final SingleConnectionDataSource dataSource = oneConnection();

	private final JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);

	@AfterEach
	void close() {
		this.dataSource.destroy();
	}

	@Test
	void batchesCommitSynchronouslyByDefault() {
		assertThat(settingInBatch(true)).isEqualTo("on");
	}

	@Test
	void asynchronousCommitIsForTheBatchTransactionOnly() {
		assertThat(settingInBatch(false)).isEqualTo("off");
		assertThat(this.jdbc.queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
	}

	// the same connection before, in and after the batch's transaction
	private static SingleConnectionDataSource oneConnection() {
		LocalDatabases.postgres();
		return new SingleConnectionDataSource(LocalDatabases.POSTGRES_URL, LocalDatabases.POSTGRES_USER, "", true);
	}

	private String settingInBatch(boolean synchronousCommit) {
		return new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)).execute((status) -> {
			SqlDialect.POSTGRESQL.beginBatch(this.jdbc, synchronousCommit);
			return this.jdbc.queryForObject("SHOW synchronous_commit", String.class);
		});
	}

}
