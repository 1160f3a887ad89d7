package io.llmmonitor.record.jdbc;

import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import org.springframework.util.Assert;

/**
 * What a JDBC store is, as the start-up report names it.
 *
 * @param product the database product ({@code PostgreSQL}, {@code H2}, ...)
 * @param url the JDBC URL without user or password
 * @param tablesPresent whether llm-monitor's tables are there
 * @since 0.1.0
 */
public record StoreDescription(String product, String url, boolean tablesPresent) {

	private static final Pattern USER_INFO = Pattern.compile("//[^/@]*@");

	private static final Pattern CREDENTIAL = Pattern.compile("(user|username|password|pwd)=",
			Pattern.CASE_INSENSITIVE);

	public StoreDescription {
		Assert.notNull(product, "'product' must not be null");
		Assert.notNull(url, "'url' must not be null");
	}

	/**
	 * Whether records live in memory only and are lost when the application stops.
	 * @return {@code true} for an in-memory H2 or HSQLDB database
	 */
	public boolean inMemory() {
		String lower = this.url.toLowerCase(Locale.ROOT);
		return lower.startsWith("jdbc:h2:mem:") || lower.startsWith("jdbc:hsqldb:mem:");
	}

	/**
	 * Return a JDBC URL without the credentials it may hold (user info, user and password
	 * parameters).
	 * @param url the URL
	 * @return the URL without credentials
	 */
	public static String withoutCredentials(String url) {
		String rest = USER_INFO.matcher(url).replaceFirst("//");
		int query = rest.indexOf('?');
		// H2 and SQL Server give parameters after ';', most others after '?' and '&'
		String clean = kept((query >= 0) ? rest.substring(0, query) : rest, ";", true);
		String parameters = (query >= 0) ? kept(rest.substring(query + 1), "&", false) : "";
		return parameters.isEmpty() ? clean : clean + "?" + parameters;
	}

	private static String kept(String parts, String separator, boolean firstIsBase) {
		StringJoiner kept = new StringJoiner(separator);
		String[] split = parts.split(Pattern.quote(separator), -1);
		for (int i = 0; i < split.length; i++) {
			if ((i > 0 || !firstIsBase) && CREDENTIAL.matcher(split[i]).lookingAt()) {
				continue;
			}
			kept.add(split[i]);
		}
		return kept.toString();
	}

}
