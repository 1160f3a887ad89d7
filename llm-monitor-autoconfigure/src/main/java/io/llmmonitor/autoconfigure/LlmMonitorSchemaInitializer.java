package io.llmmonitor.autoconfigure;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.init.PropertiesBasedDataSourceScriptDatabaseInitializer;

/**
 * Creates llm-monitor's tables according to {@code llm.monitor.store.initialize-schema}.
 *
 * @since 0.1.0
 */
public class LlmMonitorSchemaInitializer
		extends PropertiesBasedDataSourceScriptDatabaseInitializer<LlmMonitorStoreProperties> {

	/**
	 * Create an initializer.
	 * @param dataSource the store's data source
	 * @param properties the store's properties
	 */
	public LlmMonitorSchemaInitializer(DataSource dataSource, LlmMonitorStoreProperties properties) {
		super(dataSource, properties);
	}

}
