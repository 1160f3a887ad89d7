package io.llmmonitor.record;

import java.sql.DatabaseMetaData;
import java.util.Locale;

import javax.sql.DataSource;

import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * The few SQL constructs whose spelling differs between the databases llm-monitor
 * supports.
 *
 * @since 0.1.0
 */
public enum SqlDialect {

	/**
	 * H2. Whole seconds by {@code DATEDIFF}: H2's {@code EXTRACT(EPOCH ...)} computes an
	 * exact decimal, several times slower per row.
	 */
	H2(true, "DATEDIFF(SECOND, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00', %s AT TIME ZONE 'UTC')"),

	/** PostgreSQL. */
	POSTGRESQL(true, "EXTRACT(EPOCH FROM %s)"),

	/** MariaDB and MySQL. */
	MYSQL(false, "UNIX_TIMESTAMP(%s)");

	private final boolean percentileAggregate;

	private final String epochSeconds;

	SqlDialect(boolean percentileAggregate, String epochSeconds) {
		this.percentileAggregate = percentileAggregate;
		this.epochSeconds = epochSeconds;
	}

	/**
	 * Whether {@code PERCENTILE_CONT(..) WITHIN GROUP (ORDER BY ..)} works as an
	 * aggregate.
	 * @return {@code true} if it does
	 */
	public boolean hasPercentileAggregate() {
		return this.percentileAggregate;
	}

	/**
	 * Return an expression for the seconds since the epoch of a timestamp column (whole
	 * seconds on some databases, with their fraction on others).
	 * @param column the column
	 * @return the expression
	 */
	public String epochSeconds(String column) {
		return this.epochSeconds.formatted(column);
	}

	/**
	 * Detect the dialect of a data source from its metadata.
	 * @param dataSource the data source
	 * @return the dialect
	 * @throws IllegalStateException if the database is not one llm-monitor supports
	 */
	public static SqlDialect of(DataSource dataSource) {
		String product;
		try {
			product = JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("Unable to detect the database of llm-monitor's store", ex);
		}
		return ofProductName(product);
	}

	static SqlDialect ofProductName(String product) {
		String name = product.toLowerCase(Locale.ROOT);
		if (name.contains("h2")) {
			return H2;
		}
		if (name.contains("postgres")) {
			return POSTGRESQL;
		}
		if (name.contains("mariadb") || name.contains("mysql")) {
			return MYSQL;
		}
		throw new IllegalStateException("llm-monitor's store does not support the database '" + product
				+ "' (supported: H2, PostgreSQL, MariaDB, MySQL); set llm.monitor.store.enabled=false to run without it");
	}

}
