package io.llmmonitor.record;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The schema scripts llm-monitor ships, one per database: where they are and which one a
 * database takes.
 *
 * @since 0.1.0
 */
public final class SchemaScripts {

	private SchemaScripts() {
	}

	/**
	 * The platform of a database, as the scripts are named.
	 * @param product the database product, as its driver names it
	 * @return {@code h2}, {@code postgresql}, {@code mariadb} or {@code mysql}, or
	 * {@code null} for a database llm-monitor has no script for
	 */
	public static @Nullable String platform(String product) {
		String name = product.toLowerCase(Locale.ROOT);
		if (name.contains("postgres")) {
			return "postgresql";
		}
		if (name.contains("mariadb")) {
			return "mariadb";
		}
		if (name.contains("mysql")) {
			return "mysql";
		}
		return name.contains("h2") ? "h2" : null;
	}

	/**
	 * The class path location of a platform's script.
	 * @param platform the platform
	 * @return the location, without a {@code classpath:} prefix
	 */
	public static String location(String platform) {
		return "io/llmmonitor/record/schema-" + platform + ".sql";
	}

}
