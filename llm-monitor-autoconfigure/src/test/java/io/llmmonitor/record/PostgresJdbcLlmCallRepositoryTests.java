package io.llmmonitor.record;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

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

	/**
	 * Two application instances writing to one database add to the same hourly rollup rows:
	 * whatever order their batches hold the rows in, neither transaction may deadlock the
	 * other (PostgreSQL would abort one, and its batch would be lost).
	 */
	@Test
	void writersSharingTheDatabaseDoNotDeadlockOnRollups() throws Exception {
		List<String> models = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			models.add("model-" + i);
		}
		List<String> reversed = new ArrayList<>(models);
		Collections.reverse(reversed);
		int rounds = 25;
		ExecutorService instances = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < rounds; round++) {
				CyclicBarrier together = new CyclicBarrier(2);
				Future<?> first = instances.submit(() -> save(models, together));
				Future<?> second = instances.submit(() -> save(reversed, together));
				first.get(30, TimeUnit.SECONDS);
				second.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			instances.shutdownNow();
		}
		long calls = 2L * rounds * models.size();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM llm_call", Long.class)).isEqualTo(calls);
		assertThat(this.jdbc.queryForObject("SELECT SUM(requests) FROM llm_call_rollup", Long.class)).isEqualTo(calls);
	}

	private Void save(List<String> models, CyclicBarrier together) throws Exception {
		List<LlmCall> batch = new ArrayList<>();
		for (String model : models) {
			batch.add(LlmCalls.call(NOW).model(model).build());
		}
		together.await(10, TimeUnit.SECONDS);
		this.repository.saveAll(batch);
		return null;
	}

}
