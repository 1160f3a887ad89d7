package io.llmmonitor.record;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.llmmonitor.actuate.health.LlmMonitorHealthIndicator;
import io.llmmonitor.record.jdbc.JdbcLlmCallRepository;
import io.llmmonitor.record.jdbc.SqlDialect;
import org.h2.tools.Server;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.Status;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link LlmCallWriter} while its database goes away and comes back: an H2 database
 * reached over TCP on loopback through a Hikari pool, whose server is stopped and started
 * again (the database itself lives on in this JVM).
 */
class LlmCallWriterOutageTests {

	static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

	final String name = "outage-" + UUID.randomUUID();

	final DataSource local = new SimpleDriverDataSource(new org.h2.Driver(),
			"jdbc:h2:mem:" + this.name + ";DB_CLOSE_DELAY=-1");

	final JdbcTemplate jdbc = new JdbcTemplate(this.local);

	int port;

	Server server;

	HikariDataSource remote;

	LlmCallWriter writer;

	@TempDir
	Path spillDirectory;

	@BeforeEach
	void startDatabase() throws Exception {
		new ResourceDatabasePopulator(new ClassPathResource("io/llmmonitor/record/schema-h2.sql")).execute(this.local);
		try (ServerSocket socket = new ServerSocket(0)) {
			this.port = socket.getLocalPort();
		}
		startServer();
		this.remote = new HikariDataSource();
		this.remote.setJdbcUrl("jdbc:h2:tcp://127.0.0.1:" + this.port + "/mem:" + this.name);
		this.remote.setConnectionTimeout(250);
		this.remote.setMaximumPoolSize(2);
		this.remote.getConnection().close();
	}

	@AfterEach
	void stopAll() {
		if (this.writer != null) {
			this.writer.stop();
		}
		this.remote.close();
		this.server.stop();
	}

	@Test
	void withoutSpillABatchIsKeptWhileTheDatabaseIsAwayAndWrittenWhenItIsBack() {
		this.writer = writer(1000, 100);
		this.writer.start();
		offer(0, 50);
		await().atMost(Duration.ofSeconds(10)).until(() -> stored() == 50);

		stopServer();
		offer(50, 300);
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.writer.status().storeAvailable());
		assertThat(this.writer.status().lastError()).isNotBlank();
		assertThat(this.writer.status().storeAwaySince()).isNotNull();
		startServer();

		await().atMost(Duration.ofSeconds(20)).until(() -> this.writer.written() == 350);
		assertThat(stored()).isEqualTo(350);
		assertThat(this.writer.status().storeAvailable()).isTrue();
		assertThat(this.writer.status().dropped().values()).containsOnly(0L);
	}

	@Test
	void withoutSpillWhatOverflowsTheQueueDuringAnOutageIsCountedAndTheRestWritten() {
		this.writer = writer(200, 50);
		this.writer.start();
		stopServer();
		offer(0, 50);
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.writer.status().storeAvailable());

		offer(50, 1000);
		startServer();

		long dropped = this.writer.dropped(LlmCallWriter.DROPPED_QUEUE_FULL);
		assertThat(dropped).isPositive();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.writer.written() == 1050 - dropped);
		assertThat(stored()).isEqualTo(1050 - dropped);
	}

	@Test
	void withSpillNothingIsLostThroughAnOutageLongerThanTheQueue() {
		this.writer = writer(200, 50);
		this.writer.setSpill(this.spillDirectory, 64L << 20);
		this.writer.start();
		stopServer();
		offer(0, 50);
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.writer.status().storeAvailable());

		// offered faster than the queue holds: bounded chunks, each waiting for the
		// writer to spill the last
		for (int chunk = 0; chunk < 10; chunk++) {
			offer(50 + chunk * 150, 150);
			await().atMost(Duration.ofSeconds(10)).until(() -> this.writer.queueSize() == 0);
		}
		WriterStatus.Spill spill = this.writer.status().spill();
		assertThat(spill).isNotNull();
		assertThat(spill.records()).isEqualTo(1550);
		assertThat(stored()).isZero();
		startServer();

		await().atMost(Duration.ofSeconds(30)).until(() -> this.writer.written() == 1550);
		assertThat(stored()).isEqualTo(1550);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.writer.status().spill().records() == 0);
		assertThat(this.writer.status().dropped().values()).containsOnly(0L);
	}

	@Test
	void whileOneThreadWaitsOutAConnectionTimeoutTheOthersKeepSpilling() {
		this.remote.setConnectionTimeout(Duration.ofSeconds(8).toMillis());
		this.writer = new LlmCallWriter(new JdbcLlmCallRepository(this.remote, SqlDialect.H2), 1000, 50, 2,
				Duration.ofMillis(20), null, Clock.systemUTC(), UnaryOperator.identity());
		this.writer.setMaxRetryDelay(Duration.ofMillis(250));
		this.writer.setSpill(this.spillDirectory, 64L << 20);
		this.writer.start();
		stopServer();
		offer(0, 100);
		await().atMost(Duration.ofSeconds(20)).until(() -> !this.writer.status().storeAvailable());

		// each attempt now holds its thread for the pool's 8 s connection timeout; one
		// thread at a time makes it
		for (int chunk = 0; chunk < 5; chunk++) {
			offer(100 + chunk * 200, 200);
			await().atMost(Duration.ofSeconds(4)).until(() -> this.writer.queueSize() == 0);
		}
		startServer();
		await().atMost(Duration.ofSeconds(30)).until(() -> stored() == 1100);
		assertThat(this.writer.status().dropped().values()).containsOnly(0L);
	}

	@Test
	void stopWithTheDatabaseAwayTakesNoLongerThanItsTimeoutAndCountsEveryRecord() {
		this.writer = writer(10_000, 500);
		this.writer.setShutdownTimeout(Duration.ofSeconds(2));
		this.writer.start();
		offer(0, 100);
		await().atMost(Duration.ofSeconds(10)).until(() -> stored() == 100);
		stopServer();
		offer(100, 5000);

		long started = System.nanoTime();
		this.writer.stop();
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(took).isLessThan(Duration.ofSeconds(4));
		assertThat(this.writer.written()).isEqualTo(100);
		assertThat(this.writer.status().dropped()).containsEntry(LlmCallWriter.DROPPED_SHUTDOWN, 5000L)
			.containsEntry(LlmCallWriter.DROPPED_STORE_ERROR, 0L);
	}

	@Test
	void stopWithTheDatabaseAwaySpillsWhatIsLeftAndTheNextStartWritesIt() {
		this.writer = writer(10_000, 500);
		this.writer.setSpill(this.spillDirectory, 64L << 20);
		this.writer.setShutdownTimeout(Duration.ofSeconds(2));
		this.writer.start();
		stopServer();
		offer(0, 5000);
		this.writer.stop();
		assertThat(this.writer.dropped(LlmCallWriter.DROPPED_SHUTDOWN)).isZero();
		assertThat(stored()).isZero();

		// found at the next start; replayed once the server is back
		this.writer = writer(10_000, 500);
		this.writer.setSpill(this.spillDirectory, 64L << 20);
		this.writer.start();
		assertThat(this.writer.status().spill().records()).isEqualTo(5000);
		startServer();

		// the count goes up once the batch is committed
		await().atMost(Duration.ofSeconds(30)).until(() -> this.writer.written() == 5000);
		assertThat(stored()).isEqualTo(5000);
	}

	@Test
	void healthIsDownWithTheStoreErrorWhileTheDatabaseIsAwayAndUpWhenItIsBack() {
		this.writer = writer(1000, 100);
		this.writer.setSpill(this.spillDirectory, 64L << 20);
		this.writer.start();
		LlmMonitorHealthIndicator health = new LlmMonitorHealthIndicator(this.writer);
		assertThat(health.health().getStatus()).isEqualTo(Status.UP);

		stopServer();
		offer(0, 20);
		await().atMost(Duration.ofSeconds(10)).until(() -> health.health().getStatus().equals(Status.DOWN));
		Map<String, @Nullable Object> details = health.health().getDetails();
		assertThat(details).containsEntry("writer", "running")
			.containsEntry("store", "away")
			.containsKeys("storeAwaySince", "lastError", "lastErrorAt", "queue", "written", "dropped", "spill");
		assertThat((String) details.get("lastError")).doesNotContain(LlmCalls.call(NOW).build().id());

		startServer();
		await().atMost(Duration.ofSeconds(20)).until(() -> stored() == 20);
		await().atMost(Duration.ofSeconds(10)).until(() -> health.health().getStatus().equals(Status.UP));
		this.writer.stop();
		assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.health().getDetails()).containsEntry("writer", "stopped");
	}

	private LlmCallWriter writer(int capacity, int batchSize) {
		LlmCallWriter writer = new LlmCallWriter(new JdbcLlmCallRepository(this.remote, SqlDialect.H2), capacity,
				batchSize, 1, Duration.ofMillis(20), null, Clock.systemUTC(), UnaryOperator.identity());
		writer.setMaxRetryDelay(Duration.ofMillis(500));
		return writer;
	}

	private void offer(int from, int count) {
		for (int i = from; i < from + count; i++) {
			this.writer.handle(LlmCalls.call(NOW.plusMillis(i)).build());
		}
	}

	private long stored() {
		Long count = this.jdbc.queryForObject("SELECT COUNT(*) FROM llm_call", Long.class);
		return (count != null) ? count : 0;
	}

	private void startServer() {
		try {
			this.server = Server.createTcpServer("-tcpPort", String.valueOf(this.port), "-ifExists").start();
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void stopServer() {
		this.server.stop();
		if (this.remote.getHikariPoolMXBean() != null) {
			this.remote.getHikariPoolMXBean().softEvictConnections();
		}
	}

}
