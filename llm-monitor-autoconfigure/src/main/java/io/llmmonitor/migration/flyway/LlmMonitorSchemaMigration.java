package io.llmmonitor.migration.flyway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.util.zip.CRC32;

import io.llmmonitor.record.SchemaScripts;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * llm-monitor's tables as a Flyway migration: add
 * {@code classpath:io/llmmonitor/migration/flyway} to {@code spring.flyway.locations}
 * (and set {@code llm.monitor.store.initialize-schema=never}). It is a repeatable
 * migration, so its place among an application's own versions does not matter: it runs
 * the shipped schema script of the database ({@code CREATE ... IF NOT EXISTS}), and again
 * when a release of llm-monitor changes the scripts.
 *
 * @since 0.1.0
 */
public class LlmMonitorSchemaMigration implements JavaMigration {

	private static final String[] PLATFORMS = { "h2", "postgresql", "mariadb", "mysql" };

	@Override
	public @Nullable MigrationVersion getVersion() {
		return null;
	}

	@Override
	public String getDescription() {
		return "llm-monitor schema";
	}

	@Override
	public Integer getChecksum() {
		CRC32 crc = new CRC32();
		for (String platform : PLATFORMS) {
			try (InputStream in = script(platform).getInputStream()) {
				crc.update(in.readAllBytes());
			}
			catch (IOException ex) {
				throw new UncheckedIOException("llm-monitor's schema script for " + platform + " is missing", ex);
			}
		}
		return (int) crc.getValue();
	}

	@Override
	public boolean canExecuteInTransaction() {
		return true;
	}

	@Override
	public void migrate(Context context) throws Exception {
		Connection connection = context.getConnection();
		ScriptUtils.executeSqlScript(connection, script(platform(connection.getMetaData().getDatabaseProductName())));
	}

	private static ClassPathResource script(String platform) {
		return new ClassPathResource(SchemaScripts.location(platform));
	}

	private static String platform(String product) {
		String platform = SchemaScripts.platform(product);
		if (platform == null) {
			throw new IllegalStateException("llm-monitor has no schema script for " + product);
		}
		return platform;
	}

}
