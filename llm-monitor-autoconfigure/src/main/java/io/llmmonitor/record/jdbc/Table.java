package io.llmmonitor.record.jdbc;

import java.util.Collections;
import java.util.List;

/**
 * A table rows are inserted into: its name, and its columns with their SQL types, in the
 * order of each row's values.
 *
 * @param name the table name
 * @param columns the column names
 * @param types the {@link java.sql.Types} of the columns, so that every row binds its
 * values, nulls included, alike
 */
record Table(String name, List<String> columns, int[] types) {

	Table {
		columns = List.copyOf(columns);
		types = types.clone();
	}

	String columnList() {
		return String.join(", ", this.columns);
	}

	String insert() {
		return "INSERT INTO " + this.name + " (" + columnList() + ") VALUES " + placeholders();
	}

	String placeholders() {
		return "(" + String.join(", ", Collections.nCopies(this.columns.size(), "?")) + ")";
	}

}
