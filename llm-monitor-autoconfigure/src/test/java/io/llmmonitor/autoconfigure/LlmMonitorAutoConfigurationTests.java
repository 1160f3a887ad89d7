package io.llmmonitor.autoconfigure;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import io.llmmonitor.LocalDatabases;
import io.llmmonitor.actuate.endpoint.LlmCallsEndpoint;
import io.llmmonitor.actuate.endpoint.LlmUsageEndpoint;
import io.llmmonitor.actuate.health.LlmMonitorHealthIndicator;
import io.llmmonitor.capture.LlmCallRecorder;
import io.llmmonitor.metrics.GenAiMetrics;
import io.llmmonitor.metrics.LlmCallWriterMetrics;
import io.llmmonitor.metrics.LlmMonitorMetrics;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallRepository;
import io.llmmonitor.record.LlmCallWriter;
import io.llmmonitor.record.LlmCalls;
import io.llmmonitor.record.WriterStatus;
import io.llmmonitor.springai.LlmMonitorAdvisor;
import io.llmmonitor.springai.LlmMonitorRoundAdvisor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.api.Advisor;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What llm-monitor's auto-configuration creates, with and without the libraries and beans
 * it adapts to.
 */
class LlmMonitorAutoConfigurationTests {

	private static final String SPRING_AI_TOKEN_COUNTER_FILTER = "llmMonitorSpringAiTokenCounterFilter";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withPropertyValues("spring.datasource.generate-unique-name=true",
				"management.endpoints.web.exposure.include=llmcalls,llmusage")
		.withConfiguration(AutoConfigurations.of(LlmMonitorAutoConfiguration.class,
				LlmMonitorJdbcAutoConfiguration.class, LlmMonitorMetricsAutoConfiguration.class,
				LlmMonitorChatClientAutoConfiguration.class, LlmMonitorEndpointAutoConfiguration.class,
				LlmMonitorHealthAutoConfiguration.class, DataSourceAutoConfiguration.class,
				MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class, ChatClientAutoConfiguration.class))
		.withUserConfiguration(ChatModelConfiguration.class);

	@Test
	void everythingIsCreatedWithSpringAiActuatorAndADataSource() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(LlmCallRecorder.class)
				.hasSingleBean(LlmMonitorAdvisor.class)
				.hasSingleBean(LlmMonitorRoundAdvisor.class)
				.hasSingleBean(LlmCallRepository.class)
				.hasSingleBean(LlmCallWriter.class)
				.hasSingleBean(LlmMonitorSchemaInitializer.class)
				.hasSingleBean(LlmMonitorMetrics.class)
				.hasSingleBean(LlmCallWriterMetrics.class)
				.hasSingleBean(LlmCallsEndpoint.class)
				.hasSingleBean(LlmUsageEndpoint.class)
				.hasSingleBean(LlmMonitorHealthIndicator.class);
			assertThat(context.getBean(LlmCallWriter.class).isRunning()).isTrue();
			assertThat(context.getBean(LlmMonitorHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
			assertThat(new JdbcTemplate(context.getBean(javax.sql.DataSource.class))
				.queryForObject("SELECT COUNT(*) FROM llm_call", Integer.class)).isZero();
		});
	}

	@Test
	void writerUsesOneThreadOnH2UnlessTold() {
		this.runner.run((context) -> assertThat(context.getBean(LlmCallWriter.class).threadCount()).isEqualTo(1));
		this.runner.withPropertyValues("llm.monitor.store.writer-threads=3")
			.run((context) -> assertThat(context.getBean(LlmCallWriter.class).threadCount()).isEqualTo(3));
		this.runner.withPropertyValues("llm.monitor.store.writer-threads=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("llm.monitor.store.writer-threads must be positive"));
	}

	@Test
	void queueSmallerThanABatchIsRefusedNamingBothProperties() {
		this.runner.withPropertyValues("llm.monitor.store.queue-capacity=100", "llm.monitor.store.batch-size=500")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("llm.monitor.store.queue-capacity")
				.hasMessageContaining("llm.monitor.store.batch-size (500)"));
	}

	@Test
	void writerUsesTwoThreadsOnPostgresql() {
		LocalDatabases.postgres();
		this.runner
			.withPropertyValues("spring.datasource.url=" + LocalDatabases.POSTGRES_URL,
					"spring.datasource.username=" + LocalDatabases.POSTGRES_USER,
					"llm.monitor.store.initialize-schema=never")
			.run((context) -> assertThat(context.getBean(LlmCallWriter.class).threadCount()).isEqualTo(2));
	}

	@Test
	void storeOnMariaDbCreatesItsTablesAndKeepsCalls() {
		DataSource mariaDb = LocalDatabases.mariaDb();
		new ResourceDatabasePopulator(new ClassPathResource("io/llmmonitor/record/schema-drop-mariadb.sql"))
			.execute(mariaDb);
		this.runner
			.withPropertyValues("spring.datasource.url=" + LocalDatabases.MARIADB_URL,
					"spring.datasource.username=" + LocalDatabases.MARIADB_USER,
					"llm.monitor.store.initialize-schema=always")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(LlmCallWriter.class).threadCount()).isEqualTo(1);
				LlmCallRepository repository = context.getBean(LlmCallRepository.class);
				LlmCall call = LlmCalls.call(Instant.parse("2026-11-22T10:00:00Z")).build();
				repository.saveAll(List.of(call));
				assertThat(repository.findById(call.id())).hasValueSatisfying(
						(read) -> assertThat(read.timing().startedAt()).isEqualTo(call.timing().startedAt()));
			});
	}

	@Test
	void advisorIsAddedToClientsOfTheAutoConfiguredBuilder() {
		this.runner.run((context) -> {
			ChatClient.Builder builder = context.getBean(ChatClient.Builder.class);
			List<Advisor> advisors = defaultAdvisors(builder.build());
			assertThat(advisors).hasAtLeastOneElementOfType(LlmMonitorAdvisor.class)
				.hasAtLeastOneElementOfType(LlmMonitorRoundAdvisor.class);
		});
	}

	@Test
	void healthIndicatorCanBeSwitchedOff() {
		this.runner.withPropertyValues("management.health.llm-monitor.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmMonitorHealthIndicator.class)
				.hasSingleBean(LlmCallWriter.class));
	}

	@Test
	void spillAndOutagePropertiesReachTheWriter(@TempDir Path spillDirectory) {
		this.runner
			.withPropertyValues("llm.monitor.store.spill-dir=" + spillDirectory, "llm.monitor.store.spill-max-size=8MB")
			.run((context) -> {
				WriterStatus.Spill spill = context.getBean(LlmCallWriter.class).status().spill();
				assertThat(spill).isNotNull();
				assertThat(spill.directory()).isEqualTo(spillDirectory.toString());
				assertThat(spill.maxBytes()).isEqualTo(8L << 20);
				assertThat(context.getBean(LlmMonitorHealthIndicator.class).health().getDetails()).containsKey("spill");
			});
		this.runner.withPropertyValues("llm.monitor.store.max-retry-delay=10ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("llm.monitor.store.max-retry-delay"));
	}

	@Test
	void backsOffEntirelyWhenDisabled() {
		this.runner.withPropertyValues("llm.monitor.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(LlmCallRecorder.class)
				.doesNotHaveBean(LlmMonitorAdvisor.class)
				.doesNotHaveBean(LlmCallRepository.class)
				.doesNotHaveBean(LlmCallWriter.class)
				.doesNotHaveBean(LlmMonitorMetrics.class)
				.doesNotHaveBean(LlmCallsEndpoint.class);
			assertThat(defaultAdvisors(context.getBean(ChatClient.Builder.class).build()))
				.noneMatch(LlmMonitorAdvisor.class::isInstance);
		});
	}

	@Test
	void withoutSpringAiThereIsNoAdvisorButStoreAndMetricsRemain() {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.ai.chat.client"))
			.run((context) -> assertThat(context).doesNotHaveBean(LlmMonitorAdvisor.class)
				.hasSingleBean(LlmCallRecorder.class)
				.hasSingleBean(LlmCallWriter.class)
				.hasSingleBean(LlmMonitorMetrics.class));
	}

	@Test
	void withoutADataSourceThereIsNoStoreAndNoEndpoints() {
		this.runner.withClassLoader(new FilteredClassLoader("org.h2", "com.zaxxer", "org.postgresql"))
			.run((context) -> assertThat(context).doesNotHaveBean(LlmCallRepository.class)
				.doesNotHaveBean(LlmCallWriter.class)
				.doesNotHaveBean(LlmCallsEndpoint.class)
				.doesNotHaveBean(LlmCallWriterMetrics.class)
				.hasSingleBean(LlmMonitorAdvisor.class)
				.hasSingleBean(LlmMonitorMetrics.class));
	}

	@Test
	void withoutActuatorThereAreNoEndpoints() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(LlmMonitorAutoConfiguration.class, LlmMonitorJdbcAutoConfiguration.class,
							LlmMonitorEndpointAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.generate-unique-name=true")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> assertThat(context).doesNotHaveBean(LlmCallsEndpoint.class)
				.doesNotHaveBean(LlmUsageEndpoint.class)
				.hasSingleBean(LlmCallRepository.class));
	}

	@Test
	void endpointsBackOffWhenNotExposed() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmCallsEndpoint.class)
				.doesNotHaveBean(LlmUsageEndpoint.class));
	}

	@Test
	void withoutAMeterRegistryThereAreNoMeters() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.run((context) -> assertThat(context).doesNotHaveBean(LlmMonitorMetrics.class)
				.hasSingleBean(LlmCallRecorder.class));
	}

	@Test
	void metricsCanBeSwitchedOff() {
		this.runner.withPropertyValues("llm.monitor.metrics.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmMonitorMetrics.class)
				.hasSingleBean(LlmCallWriter.class));
	}

	@Test
	void meterNamingChoosesTheFamiliesOfMeters() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(LlmMonitorMetrics.class)
			.doesNotHaveBean(GenAiMetrics.class)
			.doesNotHaveBean(SPRING_AI_TOKEN_COUNTER_FILTER));
		this.runner.withPropertyValues("llm.monitor.metrics.naming=otel")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmMonitorMetrics.class)
				.hasSingleBean(GenAiMetrics.class)
				.hasBean(SPRING_AI_TOKEN_COUNTER_FILTER));
		this.runner.withPropertyValues("llm.monitor.metrics.naming=both")
			.run((context) -> assertThat(context).hasSingleBean(LlmMonitorMetrics.class)
				.hasSingleBean(GenAiMetrics.class)
				.hasBean(SPRING_AI_TOKEN_COUNTER_FILTER));
	}

	@Test
	void environmentIsTheConfiguredOneElseTheActiveProfilesElseDefault() {
		this.runner
			.run((context) -> assertThat(context.getBean(LlmCallRecorder.class).environment()).isEqualTo("default"));
		this.runner.withPropertyValues("spring.profiles.active=staging,eu")
			.run((context) -> assertThat(context.getBean(LlmCallRecorder.class).environment()).isEqualTo("staging,eu"));
		this.runner.withPropertyValues("spring.profiles.active=staging", "llm.monitor.environment=production")
			.run((context) -> assertThat(context.getBean(LlmCallRecorder.class).environment()).isEqualTo("production"));
	}

	@Test
	void conditionReportNamesTheSchemaInitialization() {
		this.runner.run((context) -> {
			ConditionEvaluationReport report = ConditionEvaluationReport.get(context.getBeanFactory());
			assertThat(report.getConditionAndOutcomesBySource().values())
				.flatExtracting(
						(outcomes) -> outcomes.stream().map((outcome) -> outcome.getOutcome().getMessage()).toList())
				.anyMatch((message) -> message.startsWith("llm-monitor Database Initialization"))
				.noneMatch((message) -> message.contains("llm-monitorDatabase"));
		});
	}

	@Test
	void unknownMeterNamingFailsAtStartupNamingTheProperty() {
		this.runner.withPropertyValues("llm.monitor.metrics.naming=prometheus")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("prometheus")
				.hasMessageContaining("Naming"));
	}

	@Test
	void storeCanBeSwitchedOff() {
		this.runner.withPropertyValues("llm.monitor.store.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LlmCallRepository.class)
				.doesNotHaveBean(LlmCallWriter.class)
				.hasSingleBean(LlmMonitorAdvisor.class));
	}

	@Test
	void schemaIsNotCreatedWhenInitializationIsNever() {
		this.runner.withPropertyValues("llm.monitor.store.initialize-schema=never").run((context) -> {
			assertThat(context).doesNotHaveBean(LlmMonitorSchemaInitializer.class);
			Integer tables = new JdbcTemplate(context.getBean(javax.sql.DataSource.class)).queryForObject(
					"SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'LLM_CALL'", Integer.class);
			assertThat(tables).isZero();
		});
	}

	@Test
	void usersCanReplaceTheRepository() {
		this.runner
			.withBean("customRepository", LlmCallRepository.class,
					() -> new io.llmmonitor.record.jdbc.JdbcLlmCallRepository(
							new org.springframework.jdbc.datasource.SimpleDriverDataSource(new org.h2.Driver(),
									"jdbc:h2:mem:custom"),
							io.llmmonitor.record.jdbc.SqlDialect.H2))
			.run((context) -> assertThat(context).hasSingleBean(LlmCallRepository.class).hasBean("customRepository"));
	}

	@Test
	void badPriceConfigurationFailsAtStartupWithAClearMessage() {
		this.runner.withPropertyValues("llm.monitor.pricing.models[my-model].input=1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.monitor.pricing.models[my-model]")
				.hasMessageContaining("'output'"));
	}

	@SuppressWarnings("unchecked")
	private static List<Advisor> defaultAdvisors(ChatClient client) {
		Object request = org.springframework.test.util.ReflectionTestUtils.getField(client, "defaultChatClientRequest");
		return (List<Advisor>) org.springframework.test.util.ReflectionTestUtils.getField(request, "advisors");
	}

	@Configuration(proxyBeanMethods = false)
	static class ChatModelConfiguration {

		@Bean
		ChatModel chatModel() {
			return new ChatModel() {
				@Override
				public ChatResponse call(Prompt prompt) {
					return new ChatResponse(List.of());
				}
			};
		}

	}

}
