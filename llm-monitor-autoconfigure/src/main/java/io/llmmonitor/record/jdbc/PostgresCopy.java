package io.llmmonitor.record.jdbc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

import org.springframework.util.ClassUtils;

/**
 * Rows written with PostgreSQL's {@code COPY ... FROM STDIN} (text format): one round
 * trip per table and no SQL to parse or plan per row, which is where a multi-row
 * {@code INSERT} spends the server's time.
 */
final class PostgresCopy {

	private static final boolean DRIVER_PRESENT = ClassUtils.isPresent("org.postgresql.PGConnection",
			PostgresCopy.class.getClassLoader());

	private PostgresCopy() {
	}

	/**
	 * Whether rows can be copied through the given connection.
	 * @param connection the connection
	 * @return {@code true} for a connection of PostgreSQL's JDBC driver
	 */
	static boolean supports(Connection connection) throws SQLException {
		return DRIVER_PRESENT && connection.isWrapperFor(PGConnection.class);
	}

	/**
	 * Copy rows into a table.
	 * @param connection a connection for which {@link #supports} is {@code true}
	 * @param table the table
	 * @param columns its columns, comma-separated, in the order of each row's values
	 * @param rows the rows
	 */
	static void copy(Connection connection, String table, String columns, List<Object[]> rows) throws SQLException {
		if (rows.isEmpty()) {
			return;
		}
		StringBuilder text = new StringBuilder(rows.size() * 256);
		for (Object[] row : rows) {
			for (int i = 0; i < row.length; i++) {
				if (i > 0) {
					text.append('\t');
				}
				append(text, row[i]);
			}
			text.append('\n');
		}
		try {
			connection.unwrap(PGConnection.class)
				.getCopyAPI()
				.copyIn("COPY " + table + " (" + columns + ") FROM STDIN",
						new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (SQLException ex) {
			if (ex.getSQLState() != null && ex.getSQLState().startsWith("08")) {
				probe(connection, ex);
			}
			throw ex;
		}
	}

	// COPY ran on the unwrapped connection, out of sight of a pool's wrapper: a statement
	// through the wrapper fails as well and tells the pool to evict the broken
	// connection,
	// rather than hand it out again after the database is back.
	private static void probe(Connection connection, SQLException failure) {
		try (Statement statement = connection.createStatement()) {
			statement.execute("SELECT 1");
		}
		catch (SQLException ex) {
			failure.addSuppressed(ex);
		}
	}

	private static void append(StringBuilder text, @Nullable Object value) {
		if (value == null) {
			text.append("\\N");
		}
		else if (value instanceof Boolean bool) {
			text.append(bool ? 't' : 'f');
		}
		else if (value instanceof BigDecimal decimal) {
			text.append(decimal.toPlainString());
		}
		else if (value instanceof String string) {
			escape(text, string);
		}
		else {
			text.append(value);
		}
	}

	private static void escape(StringBuilder text, String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> text.append("\\\\");
				case '\t' -> text.append("\\t");
				case '\n' -> text.append("\\n");
				case '\r' -> text.append("\\r");
				default -> text.append(c);
			}
		}
	}

}
