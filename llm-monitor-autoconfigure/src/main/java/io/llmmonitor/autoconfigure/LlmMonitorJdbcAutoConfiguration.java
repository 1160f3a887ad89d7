package io.llmmonitor.autoconfigure;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import io.llmmonitor.capture.ContentPolicy;
import io.llmmonitor.record.LlmCallRepository;
import io.llmmonitor.record.LlmCallWriter;
import io.llmmonitor.record.jdbc.JdbcLlmCallRepository;
import io.llmmonitor.record.jdbc.SqlDialect;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Stores calls in a SQL database through plain JDBC: the repository, the schema
 * initializer and the background writer. Uses the {@link LlmMonitorDataSource} if there
 * is one, else the application's data source.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = LlmMonitorAutoConfiguration.class,
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ JdbcTemplate.class, DataSource.class })
@ConditionalOnBean({ DataSource.class, ContentPolicy.class })
@ConditionalOnBooleanProperty(name = { "llm.monitor.enabled", "llm.monitor.store.enabled" }, matchIfMissing = true)
@EnableConfigurationProperties(LlmMonitorStoreProperties.class)
public final class LlmMonitorJdbcAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@Conditional(OnLlmMonitorDatabaseInitializationCondition.class)
	LlmMonitorSchemaInitializer llmMonitorSchemaInitializer(@LlmMonitorDataSource ObjectProvider<DataSource> own,
			ObjectProvider<DataSource> dataSource, LlmMonitorStoreProperties properties) {
		return new LlmMonitorSchemaInitializer(own.getIfAvailable(dataSource::getObject), properties);
	}

	@Bean
	@ConditionalOnMissingBean
	LlmCallRepository llmCallRepository(@LlmMonitorDataSource ObjectProvider<DataSource> own,
			ObjectProvider<DataSource> dataSource, LlmMonitorStoreProperties properties) {
		DataSource store = own.getIfAvailable(dataSource::getObject);
		JdbcLlmCallRepository repository = new JdbcLlmCallRepository(store, SqlDialect.of(store));
		repository.setSynchronousCommit(properties.isSynchronousCommit());
		return repository;
	}

	@Bean
	@ConditionalOnMissingBean
	LlmCallWriter llmCallWriter(LlmCallRepository repository, LlmMonitorStoreProperties properties,
			ContentPolicy contentPolicy) {
		if (properties.getQueueCapacity() < properties.getBatchSize()) {
			throw new InvalidConfigurationPropertyValueException("llm.monitor.store.queue-capacity",
					properties.getQueueCapacity(),
					"Must be at least llm.monitor.store.batch-size (" + properties.getBatchSize() + ")");
		}
		Duration retention = properties.getRetention();
		LlmCallWriter writer = new LlmCallWriter(repository, properties.getQueueCapacity(), properties.getBatchSize(),
				writerThreads(repository, properties), properties.getFlushInterval(),
				retention.isZero() ? null : retention, Clock.systemUTC(), contentPolicy::redact);
		writer.setShutdownTimeout(properties.getShutdownTimeout());
		writer.setMaxRetryDelay(properties.getMaxRetryDelay());
		Path spillDir = properties.getSpillDir();
		if (spillDir != null) {
			writer.setSpill(spillDir, properties.getSpillMaxSize().toBytes());
		}
		return writer;
	}

	/**
	 * PostgreSQL's own insert work sets the pace of a writer; a second one, on a second
	 * connection, writes batches beside it.
	 * @param repository the store
	 * @param properties the store's properties
	 * @return the number of writer threads
	 */
	private static int writerThreads(LlmCallRepository repository, LlmMonitorStoreProperties properties) {
		if (properties.getWriterThreads() != null) {
			return properties.getWriterThreads();
		}
		return (repository instanceof JdbcLlmCallRepository jdbc && jdbc.dialect() == SqlDialect.POSTGRESQL) ? 2 : 1;
	}

}
