package io.llmmonitor.record.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.llmmonitor.LocalDatabases;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * {@link JdbcLlmCallRepository} on the local PostgreSQL server through connections that
 * do not reveal PostgreSQL's driver (as some pools and proxies do): rows go in with
 * multi-row {@code INSERT}s instead of {@code COPY}.
 */
class PostgresInsertJdbcLlmCallRepositoryTests extends AbstractJdbcLlmCallRepositoryTests {

	private DataSource dataSource;

	@Override
	DataSource dataSource() {
		if (this.dataSource == null) {
			this.dataSource = new DelegatingDataSource(LocalDatabases.postgres()) {

				@Override
				public Connection getConnection() throws SQLException {
					return opaque(super.getConnection());
				}

			};
		}
		return this.dataSource;
	}

	private static Connection opaque(Connection connection) {
		return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
				new Class<?>[] { Connection.class }, (proxy, method, args) -> {
					if (method.getName().equals("isWrapperFor")) {
						return false;
					}
					if (method.getName().equals("unwrap")) {
						throw new SQLException("Not a wrapper");
					}
					try {
						return method.invoke(connection, args);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

	@Override
	String platform() {
		return "postgresql";
	}

}
