/**
 * The JDBC store of call records: columns and row mapping, filter SQL, usage queries over
 * calls and rollups, and what differs between the databases it supports.
 */
@NullMarked
package io.llmmonitor.record.jdbc;

import org.jspecify.annotations.NullMarked;
