package io.llmmonitor.autoconfigure;

import org.springframework.boot.sql.autoconfigure.init.OnDatabaseInitializationCondition;

/**
 * Matches unless {@code llm.monitor.store.initialize-schema} is {@code never}.
 */
class OnLlmMonitorDatabaseInitializationCondition extends OnDatabaseInitializationCondition {

	OnLlmMonitorDatabaseInitializationCondition() {
		// the condition report reads "llm-monitor Database Initialization"
		super("llm-monitor ", LlmMonitorStoreProperties.CONFIG_PREFIX + ".initialize-schema");
	}

}
