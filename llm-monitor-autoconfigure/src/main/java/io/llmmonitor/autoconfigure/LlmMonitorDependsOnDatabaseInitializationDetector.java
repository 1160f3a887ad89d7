package io.llmmonitor.autoconfigure;

import java.util.Set;

import io.llmmonitor.record.LlmCallRepository;
import io.llmmonitor.record.LlmCallWriter;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDependsOnDatabaseInitializationDetector;

/**
 * Makes llm-monitor's repository and writer wait for database initialization, so that the
 * schema exists before the first call is written.
 */
class LlmMonitorDependsOnDatabaseInitializationDetector
		extends AbstractBeansOfTypeDependsOnDatabaseInitializationDetector {

	@Override
	protected Set<Class<?>> getDependsOnDatabaseInitializationBeanTypes() {
		return Set.of(LlmCallRepository.class, LlmCallWriter.class);
	}

}
