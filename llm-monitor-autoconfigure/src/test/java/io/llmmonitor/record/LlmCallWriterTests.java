package io.llmmonitor.record;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import io.llmmonitor.record.jdbc.JdbcLlmCallRepository;
import io.llmmonitor.record.jdbc.SqlDialect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link LlmCallWriter} writing to a real H2 database.
 */
class LlmCallWriterTests {

	static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

	DataSource dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
			"jdbc:h2:mem:writer-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

	JdbcLlmCallRepository repository;

	JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);

	LlmCallWriter writer;

	@BeforeEach
	void createSchema() {
		new ResourceDatabasePopulator(new ClassPathResource("io/llmmonitor/record/schema-h2.sql"))
			.execute(this.dataSource);
		this.repository = new JdbcLlmCallRepository(this.dataSource, SqlDialect.H2);
	}

	@AfterEach
	void stopWriter() {
		if (this.writer != null) {
			this.writer.stop();
		}
	}

	@Test
	void writesCallsInBatches() {
		this.writer = new LlmCallWriter(this.repository, 1000, 100, 1, Duration.ofMillis(20), null, Clock.systemUTC(),
				UnaryOperator.identity());
		this.writer.start();

		for (int i = 0; i < 250; i++) {
			this.writer.handle(LlmCalls.call(NOW.plusMillis(i)).build());
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> storedCalls() == 250);
		assertThat(this.writer.written()).isEqualTo(250);
		assertThat(this.writer.queueSize()).isZero();
	}

	@Test
	void burstLargerThanTheQueueDropsAndCountsWithoutBlocking() {
		GatedRepository gated = new GatedRepository(this.repository);
		this.writer = new LlmCallWriter(gated, 10, 5, 1, Duration.ofMillis(10), null, Clock.systemUTC(),
				UnaryOperator.identity());
		this.writer.start();

		// the writer is stuck: callers must still return at once
		CompletableFuture<Void> burst = CompletableFuture.runAsync(() -> {
			for (int i = 0; i < 100; i++) {
				this.writer.handle(LlmCalls.call(NOW.plusMillis(i)).build());
			}
		});
		assertThat(burst).succeedsWithin(Duration.ofSeconds(10));
		long dropped = this.writer.dropped(LlmCallWriter.DROPPED_QUEUE_FULL);
		assertThat(dropped).isBetween(85L, 90L);
		gated.open();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.writer.written() == 100 - dropped);
		assertThat(storedCalls()).isEqualTo(100 - dropped);
	}

	@Test
	void stopDrainsTheQueue() {
		this.writer = new LlmCallWriter(this.repository, 1000, 100, 1, Duration.ofHours(1), null, Clock.systemUTC(),
				UnaryOperator.identity());
		this.writer.start();
		for (int i = 0; i < 250; i++) {
			this.writer.handle(LlmCalls.call(NOW.plusMillis(i)).build());
		}

		this.writer.stop();

		assertThat(storedCalls()).isEqualTo(250);
		assertThat(this.writer.dropped(LlmCallWriter.DROPPED_SHUTDOWN)).isZero();
		this.writer.handle(LlmCalls.call(NOW).build());
		assertThat(this.writer.dropped(LlmCallWriter.DROPPED_SHUTDOWN)).isEqualTo(1);
	}

	/**
	 * Missing tables are the store's problem, not the records': they are kept and tried
	 * again, not set aside one by one.
	 */
	@Test
	void recordsWaitForMissingTablesInsteadOfBeingDropped() {
		DataSource empty = new SimpleDriverDataSource(new org.h2.Driver(),
				"jdbc:h2:mem:no-schema-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		this.writer = new LlmCallWriter(new JdbcLlmCallRepository(empty, SqlDialect.H2), 100, 10, 1,
				Duration.ofMillis(10), null, Clock.systemUTC(), UnaryOperator.identity());
		this.writer.setMaxRetryDelay(Duration.ofMillis(250));
		this.writer.start();

		for (int i = 0; i < 25; i++) {
			this.writer.handle(LlmCalls.call(NOW.plusMillis(i)).build());
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.writer.status().storeAvailable());
		assertThat(this.writer.status().lastError()).contains("llm-monitor's tables are missing in H2")
			.contains("initialize-schema=always");
		new ResourceDatabasePopulator(new ClassPathResource("io/llmmonitor/record/schema-h2.sql")).execute(empty);

		await().atMost(Duration.ofSeconds(10)).until(() -> this.writer.written() == 25);
		assertThat(this.writer.status().storeAvailable()).isTrue();
		assertThat(this.writer.dropped(LlmCallWriter.DROPPED_STORE_ERROR)).isZero();
	}

	/**
	 * A record the database rejects (here a cost beyond its column's precision) is set
	 * aside alone: the batch is halved until it is found, and the rest is written.
	 */
	@Test
	void recordTheDatabaseRejectsIsSetAsideAndTheRestOfItsBatchIsWritten() {
		this.writer = new LlmCallWriter(this.repository, 1000, 100, 1, Duration.ofHours(1), null, Clock.systemUTC(),
				UnaryOperator.identity());
		for (int i = 0; i < 100; i++) {
			LlmCalls.Builder call = LlmCalls.call(NOW.plusMillis(i));
			this.writer.handle((i == 57) ? call.costUsd(new BigDecimal("1e15")).build() : call.build());
		}
		this.writer.start();
		this.writer.stop();

		assertThat(storedCalls()).isEqualTo(99);
		assertThat(this.writer.written()).isEqualTo(99);
		assertThat(this.writer.dropped(LlmCallWriter.DROPPED_STORE_ERROR)).isEqualTo(1);
	}

	@Test
	void purgeDeletesCallsOlderThanTheRetention() {
		this.repository.saveAll(List.of(LlmCalls.call(NOW.minus(Duration.ofDays(31))).build(),
				LlmCalls.call(NOW.minus(Duration.ofDays(1))).build()));
		this.writer = new LlmCallWriter(this.repository, 10, 10, 1, Duration.ofSeconds(1), Duration.ofDays(30),
				Clock.fixed(NOW, ZoneOffset.UTC), UnaryOperator.identity());

		assertThat(this.writer.purge()).isEqualTo(1);
		assertThat(storedCalls()).isEqualTo(1);
	}

	@Test
	void purgeRunsWhenTheWriterStarts() {
		this.repository.saveAll(List.of(LlmCalls.call(NOW.minus(Duration.ofDays(31))).build()));
		this.writer = new LlmCallWriter(this.repository, 10, 10, 1, Duration.ofMillis(10), Duration.ofDays(30),
				Clock.fixed(NOW, ZoneOffset.UTC), UnaryOperator.identity());

		this.writer.start();

		await().atMost(Duration.ofSeconds(10)).until(() -> storedCalls() == 0);
	}

	private long storedCalls() {
		Long count = this.jdbc.queryForObject("SELECT COUNT(*) FROM llm_call", Long.class);
		return (count != null) ? count : 0;
	}

	/**
	 * A real repository whose writes wait until the test opens the gate, to stand for a
	 * database slower than the traffic.
	 */
	static final class GatedRepository extends ForwardingLlmCallRepository {

		private final CountDownLatch gate = new CountDownLatch(1);

		GatedRepository(LlmCallRepository delegate) {
			super(delegate);
		}

		void open() {
			this.gate.countDown();
		}

		@Override
		public void saveAll(List<LlmCall> calls) {
			try {
				this.gate.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			super.saveAll(calls);
		}

	}

}
