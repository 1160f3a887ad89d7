package io.llmmonitor.record.jdbc;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;

/**
 * The databases llm-monitor's store supports, each with what it does differently: how a
 * timestamp is bound and read, how seconds since the epoch are computed, how a query
 * takes its first rows, how a batch of rows goes in, and how rollup rows are added to.
 *
 * @since 0.1.0
 */
public enum SqlDialect {

	/**
	 * H2. Whole seconds by {@code DATEDIFF}: H2's {@code EXTRACT(EPOCH ...)} computes an
	 * exact decimal, several times slower per row.
	 */
	H2 {

		@Override
		String epochSeconds(String column) {
			return "DATEDIFF(SECOND, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00', " + column
					+ " AT TIME ZONE 'UTC')";
		}

	},

	/**
	 * PostgreSQL. It runs each statement of a JDBC batch on its own (unless the URL sets
	 * {@code reWriteBatchedInserts}), so rows go in with {@code COPY}, or with multi-row
	 * {@code INSERT}s through a connection that does not reveal PostgreSQL's driver; and
	 * rollup rows are added to with {@code INSERT ... ON CONFLICT}.
	 */
	POSTGRESQL {

		@Override
		String epochSeconds(String column) {
			return "EXTRACT(EPOCH FROM " + column + ")";
		}

		@Override
		void insert(JdbcTemplate jdbc, Table table, List<Object[]> rows) {
			if (rows.isEmpty()) {
				return;
			}
			boolean copy = Boolean.TRUE
				.equals(jdbc.execute((ConnectionCallback<Boolean>) (connection) -> PostgresCopy.supports(connection)));
			if (!copy) {
				Inserts.multiRow(jdbc, table, rows);
				return;
			}
			jdbc.execute((ConnectionCallback<Integer>) (connection) -> {
				PostgresCopy.copy(connection, table.name(), table.columnList(), rows);
				return rows.size();
			});
		}

		@Override
		void beginBatch(JdbcTemplate jdbc, boolean synchronousCommit) {
			// Off, a database crash may lose the last moments of records counted as
			// written; the commit then does not wait for the WAL to reach the disk.
			// Other transactions are unaffected.
			if (!synchronousCommit) {
				jdbc.execute("SET LOCAL synchronous_commit = off");
			}
		}

		@Override
		String upsert(String insert, String table, List<String> keys, List<String> sums, List<String> maxes) {
			StringJoiner set = new StringJoiner(", ");
			for (String column : sums) {
				set.add(column + " = " + table + "." + column + " + EXCLUDED." + column);
			}
			for (String max : maxes) {
				set.add(max + " = GREATEST(" + table + "." + max + ", EXCLUDED." + max + ")");
			}
			return insert + " ON CONFLICT (" + String.join(", ", keys) + ") DO UPDATE SET " + set;
		}

	},

	/**
	 * MariaDB and MySQL. Their {@code DATETIME} has no time zone: instants are kept as
	 * UTC date-times, and seconds since the epoch are counted from a UTC date-time, not
	 * by {@code UNIX_TIMESTAMP}, which reads the session's time zone.
	 */
	MYSQL {

		@Override
		Object timestamp(Instant instant) {
			return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
		}

		@Override
		Instant instant(ResultSet rs, String column) throws SQLException {
			return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
		}

		@Override
		String epochSeconds(String column) {
			return "TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', " + column + ")";
		}

		@Override
		String firstRows(String parameter) {
			return " LIMIT :" + parameter;
		}

		/**
		 * An update that finds no row takes InnoDB gap locks, and two writers inserting
		 * into the same gap then deadlock: rows are added to with one statement instead.
		 */
		@Override
		String upsert(String insert, String table, List<String> keys, List<String> sums, List<String> maxes) {
			StringJoiner set = new StringJoiner(", ");
			for (String column : sums) {
				set.add(column + " = " + column + " + VALUES(" + column + ")");
			}
			for (String max : maxes) {
				set.add(max + " = GREATEST(" + max + ", VALUES(" + max + "))");
			}
			return insert + " ON DUPLICATE KEY UPDATE " + set;
		}

	};

	/**
	 * The value a timestamp column is bound to.
	 * @param instant the instant
	 * @return the value for the driver
	 */
	Object timestamp(Instant instant) {
		return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

	/**
	 * Read a timestamp column.
	 * @param rs the result set
	 * @param column the column
	 * @return the instant
	 * @throws SQLException when the column cannot be read
	 */
	Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

	/**
	 * An expression for the seconds since the epoch of a timestamp column (whole seconds
	 * on some databases, with their fraction on others).
	 * @param column the column
	 * @return the expression
	 */
	abstract String epochSeconds(String column);

	/**
	 * The clause that ends a query after its first rows.
	 * @param parameter the named parameter holding the number of rows
	 * @return the clause, with a leading space
	 */
	String firstRows(String parameter) {
		return " FETCH FIRST :" + parameter + " ROWS ONLY";
	}

	/**
	 * Insert rows, inside the batch's transaction.
	 * @param jdbc the template
	 * @param table the table and its columns
	 * @param rows the rows, values in the order of the columns
	 */
	void insert(JdbcTemplate jdbc, Table table, List<Object[]> rows) {
		Inserts.batch(jdbc, table, rows);
	}

	/**
	 * Prepare the transaction of a batch.
	 * @param jdbc the template
	 * @param synchronousCommit whether the commit waits until the batch is durable, where
	 * the database lets a transaction choose
	 */
	void beginBatch(JdbcTemplate jdbc, boolean synchronousCommit) {
	}

	/**
	 * A statement that inserts a row or, when its key exists, adds to it.
	 * @param insert the row's insert statement
	 * @param table the table
	 * @param keys the key columns
	 * @param sums the columns added to
	 * @param maxes the columns that keep the largest value
	 * @return the statement, or {@code null} when rows are added to with an update and an
	 * insert of those it did not find
	 */
	@Nullable String upsert(String insert, String table, List<String> keys, List<String> sums, List<String> maxes) {
		return null;
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

	static SqlDialect ofProductName(@Nullable String product) {
		String name = (product != null) ? product.toLowerCase(Locale.ROOT) : "";
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
