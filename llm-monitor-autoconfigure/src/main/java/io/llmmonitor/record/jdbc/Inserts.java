package io.llmmonitor.record.jdbc;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collections;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Inserts rows with a JDBC batch of single-row statements, or with multi-row statements,
 * binding every value by its column's SQL type.
 */
final class Inserts {

	private static final int ROWS_PER_INSERT = 100;

	private Inserts() {
	}

	static void batch(JdbcTemplate jdbc, Table table, List<Object[]> rows) {
		if (!rows.isEmpty()) {
			int[] types = table.types();
			jdbc.batchUpdate(table.insert(), rows, rows.size(), (ps, row) -> bind(ps, row, types, 0));
		}
	}

	static void multiRow(JdbcTemplate jdbc, Table table, List<Object[]> rows) {
		String prefix = "INSERT INTO " + table.name() + " (" + table.columnList() + ") VALUES ";
		int[] types = table.types();
		for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
			List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
			String sql = prefix + String.join(", ", Collections.nCopies(chunk.size(), table.placeholders()));
			jdbc.update(sql, (ps) -> {
				int offset = 0;
				for (Object[] row : chunk) {
					bind(ps, row, types, offset);
					offset += types.length;
				}
			});
		}
	}

	private static void bind(PreparedStatement ps, Object[] row, int[] types, int offset) throws SQLException {
		for (int i = 0; i < row.length; i++) {
			int index = offset + i + 1;
			Object value = row[i];
			if (value == null) {
				ps.setNull(index, types[i]);
				continue;
			}
			switch (types[i]) {
				case Types.VARCHAR -> ps.setString(index, (String) value);
				case Types.BIGINT -> ps.setLong(index, (Long) value);
				case Types.INTEGER -> ps.setInt(index, (Integer) value);
				case Types.BOOLEAN -> ps.setBoolean(index, (Boolean) value);
				case Types.DECIMAL -> ps.setBigDecimal(index, (BigDecimal) value);
				default -> ps.setObject(index, value);
			}
		}
	}

}
