package io.llmmonitor.migration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import javax.sql.DataSource;

import io.llmmonitor.LocalDatabases;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCalls;
import io.llmmonitor.record.jdbc.JdbcLlmCallRepository;
import io.llmmonitor.record.jdbc.SqlDialect;
import liquibase.integration.spring.SpringLiquibase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped Flyway migration and Liquibase change log create tables llm-monitor writes
 * and reads, on H2 and on PostgreSQL, and a second run changes nothing.
 */
class SchemaMigrationsTests {

	private static final String CHANGELOG = "classpath:io/llmmonitor/migration/liquibase/llm-monitor-changelog.xml";

	@Test
	void flywayMigrationCreatesTheTablesOnH2() {
		DataSource h2 = h2();
		assertThat(flyway(h2).migrate().migrationsExecuted).isEqualTo(1);
		assertStores(h2, SqlDialect.H2);
		assertThat(flyway(h2).migrate().migrationsExecuted).isZero();
	}

	@Test
	void flywayMigrationCreatesTheTablesOnPostgresql() {
		onFreshPostgresSchema((postgres) -> {
			MigrateResult result = flyway(postgres).migrate();
			assertThat(result.migrationsExecuted).isEqualTo(1);
			assertStores(postgres, SqlDialect.POSTGRESQL);
			assertThat(flyway(postgres).migrate().migrationsExecuted).isZero();
		});
	}

	@Test
	void liquibaseChangeLogCreatesTheTablesOnH2() throws Exception {
		DataSource h2 = h2();
		liquibase(h2);
		assertStores(h2, SqlDialect.H2);
		liquibase(h2);
		assertThat(new JdbcTemplate(h2).queryForObject("SELECT COUNT(*) FROM DATABASECHANGELOG", Integer.class))
			.isEqualTo(1);
	}

	@Test
	void liquibaseChangeLogCreatesTheTablesOnPostgresql() {
		onFreshPostgresSchema((postgres) -> {
			try {
				liquibase(postgres);
				assertStores(postgres, SqlDialect.POSTGRESQL);
				liquibase(postgres);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			assertThat(
					new JdbcTemplate(postgres).queryForObject("SELECT COUNT(*) FROM databasechangelog", Integer.class))
				.isEqualTo(1);
		});
	}

	private static Flyway flyway(DataSource dataSource) {
		return Flyway.configure().dataSource(dataSource).locations("classpath:io/llmmonitor/migration/flyway").load();
	}

	private static void liquibase(DataSource dataSource) throws Exception {
		SpringLiquibase liquibase = new SpringLiquibase();
		liquibase.setDataSource(dataSource);
		liquibase.setChangeLog(CHANGELOG);
		liquibase.setResourceLoader(new DefaultResourceLoader());
		liquibase.afterPropertiesSet();
	}

	private static void assertStores(DataSource dataSource, SqlDialect dialect) {
		JdbcLlmCallRepository repository = new JdbcLlmCallRepository(dataSource, dialect);
		assertThat(repository.tablesPresent()).isTrue();
		LlmCall call = LlmCalls.call(Instant.parse("2026-12-07T10:00:00Z")).build();
		repository.saveAll(List.of(call));
		assertThat(repository.findById(call.id())).isPresent();
	}

	private static DataSource h2() {
		return new SimpleDriverDataSource(new org.h2.Driver(),
				"jdbc:h2:mem:migration-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
	}

	private static void onFreshPostgresSchema(Consumer<DataSource> test) {
		JdbcTemplate admin = new JdbcTemplate(LocalDatabases.postgres());
		String schema = "llm_migration_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		admin.execute("CREATE SCHEMA " + schema);
		try {
			test.accept(new SimpleDriverDataSource(new org.postgresql.Driver(),
					"jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema, LocalDatabases.POSTGRES_USER, ""));
		}
		finally {
			admin.execute("DROP SCHEMA " + schema + " CASCADE");
		}
	}

}
