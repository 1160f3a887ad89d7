package io.llmmonitor.record;

import org.springframework.dao.NonTransientDataAccessResourceException;

/**
 * The store is reachable but cannot hold records yet: its tables are missing. Its message
 * names the fix. The writer keeps the records and checks again; the endpoints answer 503
 * with the message.
 *
 * @since 0.1.0
 */
public class StoreNotReadyException extends NonTransientDataAccessResourceException {

	/**
	 * Create the exception.
	 * @param message what is wrong and how to fix it
	 */
	public StoreNotReadyException(String message) {
		super(message);
	}

	/**
	 * The tables of a database are missing.
	 * @param product the database product, as its driver names it
	 * @param url its URL, without credentials
	 * @return the exception
	 */
	public static StoreNotReadyException tablesMissing(String product, String url) {
		return new StoreNotReadyException("llm-monitor's tables are missing in " + product + " at " + url
				+ ": set llm.monitor.store.initialize-schema=always to create them at start-up, or create them with "
				+ script(product) + "; call records wait and the store is checked again");
	}

	private static String script(String product) {
		String platform = SchemaScripts.platform(product);
		return (platform != null) ? "classpath:" + SchemaScripts.location(platform)
				: "the script of a database like it (classpath:" + SchemaScripts.location("postgresql") + ")";
	}

}
