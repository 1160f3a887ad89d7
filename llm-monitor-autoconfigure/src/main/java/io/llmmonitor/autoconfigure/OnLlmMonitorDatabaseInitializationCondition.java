package io.llmmonitor.autoconfigure;

import org.springframework.boot.sql.autoconfigure.init.OnDatabaseInitializationCondition;

/**
 * Matches unless {@code llm.monitor.store.initialize-schema} is {@code never}.
 */
class OnLlmMonitorDatabaseInitializationCondition extends OnDatabaseInitializationCondition {

	OnLlmMonitorDatabaseInitializationCondition() {
		super("llm-monitor", LlmMonitorStoreProperties.CONFIG_PREFIX + ".initialize-schema");
	}

}
