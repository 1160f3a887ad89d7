package io.llmmonitor.record;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import io.llmmonitor.LocalDatabases;
import io.llmmonitor.record.jdbc.JdbcLlmCallRepository;
import io.llmmonitor.record.jdbc.SqlDialect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link LlmCallWriter} with two threads writing to the local PostgreSQL server.
 */
class PostgresLlmCallWriterTests {

	static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

	DataSource dataSource;

	JdbcTemplate jdbc;

	LlmCallWriter writer;

	@BeforeEach
	void createSchema() {
		this.dataSource = LocalDatabases.postgres();
		new ResourceDatabasePopulator(new ClassPathResource("io/llmmonitor/record/schema-drop-postgresql.sql"),
				new ClassPathResource("io/llmmonitor/record/schema-postgresql.sql"))
			.execute(this.dataSource);
		this.jdbc = new JdbcTemplate(this.dataSource);
	}

	@AfterEach
	void stopWriter() {
		if (this.writer != null) {
			this.writer.stop();
		}
	}

	@Test
	void twoThreadsWriteBatchesSideBySideAndEveryRecordOnce() {
		SideBySide repository = new SideBySide(
				new JdbcLlmCallRepository(this.dataSource, SqlDialect.of(this.dataSource)));
		this.writer = new LlmCallWriter(repository, 10_000, 100, 2, Duration.ofMillis(20), null, Clock.systemUTC(),
				UnaryOperator.identity());
		this.writer.start();

		for (int i = 0; i < 1000; i++) {
			this.writer.handle(LlmCalls.call(NOW.plusMillis(i)).build());
		}

		await().atMost(Duration.ofSeconds(30)).until(() -> this.writer.written() == 1000);
		assertThat(this.writer.dropped(LlmCallWriter.DROPPED_STORE_ERROR)).isZero();
		assertThat(repository.threads).containsExactlyInAnyOrder("llm-monitor-writer-1", "llm-monitor-writer-2");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(DISTINCT id) FROM llm_call", Long.class)).isEqualTo(1000);
		assertThat(this.jdbc.queryForObject("SELECT SUM(requests) FROM llm_usage_hour", Long.class)).isEqualTo(1000);
	}

	@Test
	void stopDrainsTheQueueWithEveryThread() {
		this.writer = new LlmCallWriter(new JdbcLlmCallRepository(this.dataSource, SqlDialect.POSTGRESQL), 10_000, 100,
				2, Duration.ofHours(1), null, Clock.systemUTC(), UnaryOperator.identity());
		this.writer.start();
		for (int i = 0; i < 950; i++) {
			this.writer.handle(LlmCalls.call(NOW.plusMillis(i)).build());
		}

		this.writer.stop();

		assertThat(this.writer.isRunning()).isFalse();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM llm_call", Long.class)).isEqualTo(950);
		assertThat(this.writer.dropped(LlmCallWriter.DROPPED_SHUTDOWN)).isZero();
	}

	/**
	 * A real repository whose first two batches wait for each other: both must be in
	 * flight at once, which takes two writer threads.
	 */
	static final class SideBySide extends ForwardingLlmCallRepository {

		private final CyclicBarrier firstTwo = new CyclicBarrier(2);

		private final AtomicInteger batches = new AtomicInteger();

		final Set<String> threads = ConcurrentHashMap.newKeySet();

		SideBySide(LlmCallRepository delegate) {
			super(delegate);
		}

		@Override
		public void saveAll(List<LlmCall> calls) {
			this.threads.add(Thread.currentThread().getName());
			if (this.batches.incrementAndGet() <= 2) {
				try {
					this.firstTwo.await(10, TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					throw new IllegalStateException("no second batch was written beside the first", ex);
				}
			}
			super.saveAll(calls);
		}

	}

}
