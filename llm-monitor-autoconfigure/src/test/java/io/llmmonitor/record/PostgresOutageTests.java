package io.llmmonitor.record;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

import com.zaxxer.hikari.HikariDataSource;
import io.llmmonitor.PrivatePostgres;
import io.llmmonitor.record.jdbc.JdbcLlmCallRepository;
import io.llmmonitor.record.jdbc.SqlDialect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link LlmCallWriter} on a PostgreSQL cluster of the test's own, which is crashed
 * ({@code pg_ctlcluster stop -m immediate}) and started again under traffic.
 */
class PostgresOutageTests {

	static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

	static PrivatePostgres cluster;

	HikariDataSource pool;

	JdbcTemplate direct;

	LlmCallWriter writer;

	@TempDir
	Path spillDirectory;

	@BeforeAll
	static void createCluster() {
		cluster = PrivatePostgres.start();
	}

	@AfterAll
	static void dropCluster() {
		if (cluster != null) {
			cluster.close();
		}
	}

	@BeforeEach
	void createSchema() throws Exception {
		cluster.startServer();
		SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.postgresql.Driver(), cluster.url(),
				"postgres", "");
		new ResourceDatabasePopulator(new ClassPathResource("io/llmmonitor/record/schema-drop-postgresql.sql"),
				new ClassPathResource("io/llmmonitor/record/schema-postgresql.sql"))
			.execute(dataSource);
		this.direct = new JdbcTemplate(dataSource);
		this.pool = new HikariDataSource();
		this.pool.setJdbcUrl(cluster.url());
		this.pool.setUsername("postgres");
		this.pool.setConnectionTimeout(250);
		this.pool.setMaximumPoolSize(2);
		this.pool.getConnection().close();
	}

	@AfterEach
	void stopWriter() {
		if (this.writer != null) {
			this.writer.stop();
		}
		this.pool.close();
	}

	@Test
	void withSpillEveryRecordOfAnOutageIsWrittenOnceTheServerIsBack() {
		this.writer = writer(1000);
		this.writer.setSpill(this.spillDirectory, 64L << 20);
		this.writer.start();
		offer(0, 200);
		await().atMost(Duration.ofSeconds(10)).until(() -> stored() == 200);

		cluster.crashServer();
		for (int chunk = 0; chunk < 10; chunk++) {
			offer(200 + chunk * 300, 300);
			await().atMost(Duration.ofSeconds(10)).until(() -> this.writer.queueSize() == 0);
		}
		assertThat(this.writer.status().storeAvailable()).isFalse();
		assertThat(this.writer.status().spill().records()).isEqualTo(3000);
		cluster.startServer();

		await().atMost(Duration.ofSeconds(30)).until(() -> this.writer.written() == 3200);
		assertThat(stored()).isEqualTo(3200);
		assertThat(this.writer.status().spill().records()).isZero();
		assertThat(this.writer.status().dropped().values()).containsOnly(0L);
		assertThat(this.writer.status().storeAvailable()).isTrue();
	}

	@Test
	void recordsCountedAsWrittenSurviveACrashOfTheServer() {
		this.writer = writer(10_000);
		this.writer.start();
		offer(0, 5000);
		await().atMost(Duration.ofSeconds(20)).until(() -> this.writer.written() == 5000);
		cluster.crashServer();
		cluster.startServer();

		assertThat(stored()).isEqualTo(5000);
	}

	private LlmCallWriter writer(int capacity) {
		LlmCallWriter writer = new LlmCallWriter(new JdbcLlmCallRepository(this.pool, SqlDialect.POSTGRESQL), capacity,
				100, 2, Duration.ofMillis(20), null, Clock.systemUTC(), UnaryOperator.identity());
		writer.setMaxRetryDelay(Duration.ofMillis(500));
		return writer;
	}

	private void offer(int from, int count) {
		for (int i = from; i < from + count; i++) {
			this.writer.handle(LlmCalls.call(NOW.plusMillis(i)).build());
		}
	}

	private long stored() {
		Long count = this.direct.queryForObject("SELECT COUNT(*) FROM llm_call", Long.class);
		return (count != null) ? count : 0;
	}

}
