package io.llmmonitor.record.jdbc;

import java.util.Collections;
import java.util.List;

/**
 * A table rows are inserted into: its name, and its columns with their
 * {@link java.sql.Types SQL types}, in the order of each row's values, so that every row
 * binds its values, nulls included, alike.
 */
final class Table {

	private final String name;

	private final List<String> columns;

	private final int[] types;

	Table(String name, List<String> columns, int[] types) {
		this.name = name;
		this.columns = List.copyOf(columns);
		this.types = types.clone();
	}

	String name() {
		return this.name;
	}

	int[] types() {
		return this.types.clone();
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
