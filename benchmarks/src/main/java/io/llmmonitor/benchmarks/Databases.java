package io.llmmonitor.benchmarks;

import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The two stores benchmarked: a file-based H2 database and the local PostgreSQL (schema
 * {@code llm_monitor_bench} of database {@code test}), each with llm-monitor's schema.
 */
enum Databases {

	H2("h2") {
		@Override
		HikariDataSource open() {
			HikariDataSource dataSource = new HikariDataSource();
			Path file = Path.of("target", "bench-h2", "llm-monitor").toAbsolutePath();
			dataSource.setJdbcUrl("jdbc:h2:file:" + file);
			dataSource.setUsername("sa");
			dataSource.setMaximumPoolSize(4);
			return dataSource;
		}
	},

	POSTGRESQL("postgresql") {
		@Override
		HikariDataSource open() {
			HikariDataSource setup = new HikariDataSource();
			setup.setJdbcUrl(System.getProperty("bench.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test"));
			setup.setUsername(System.getProperty("bench.postgres.user", "postgres"));
			new JdbcTemplate(setup).execute("CREATE SCHEMA IF NOT EXISTS llm_monitor_bench");
			setup.close();
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setJdbcUrl(System.getProperty("bench.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test")
					+ "?currentSchema=llm_monitor_bench");
			dataSource.setUsername(System.getProperty("bench.postgres.user", "postgres"));
			dataSource.setMaximumPoolSize(4);
			return dataSource;
		}
	};

	private final String platform;

	Databases(String platform) {
		this.platform = platform;
	}

	abstract HikariDataSource open();

	/**
	 * The stores to benchmark: all, or those named in {@code bench.databases}
	 * ({@code h2,postgresql}).
	 */
	static java.util.List<Databases> selected() {
		String names = System.getProperty("bench.databases", "h2,postgresql");
		return java.util.Arrays.stream(values())
			.filter((database) -> java.util.List.of(names.split(",")).contains(database.platform))
			.toList();
	}

	/** Drop and create llm-monitor's tables. */
	void recreateSchema(DataSource dataSource) {
		ResourceDatabasePopulator populator = new ResourceDatabasePopulator(
				new ClassPathResource("io/llmmonitor/record/schema-drop-" + this.platform + ".sql"),
				new ClassPathResource("io/llmmonitor/record/schema-" + this.platform + ".sql"));
		populator.execute(dataSource);
	}

	String label() {
		return (this == H2) ? "H2 (file)" : "PostgreSQL";
	}

}
