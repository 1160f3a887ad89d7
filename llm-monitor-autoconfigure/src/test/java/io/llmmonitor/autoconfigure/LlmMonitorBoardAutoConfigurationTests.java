package io.llmmonitor.autoconfigure;

import io.llmmonitor.board.BoardEndpoints;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the board is served, and what it tells its page about the endpoints it reads.
 */
class LlmMonitorBoardAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withPropertyValues("spring.datasource.generate-unique-name=true")
		.withConfiguration(AutoConfigurations.of(LlmMonitorAutoConfiguration.class,
				LlmMonitorJdbcAutoConfiguration.class, LlmMonitorEndpointAutoConfiguration.class,
				LlmMonitorBoardAutoConfiguration.class, DataSourceAutoConfiguration.class,
				EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class));

	@Test
	void boardIsOffByDefault() {
		this.runner.run((context) -> assertThat(context)
			.doesNotHaveBean(LlmMonitorBoardAutoConfiguration.BOARD_SERVLET_BEAN_NAME));
	}

	@Test
	void boardIsServedAtItsPathAndReadsTheExposedEndpoints() {
		this.runner
			.withPropertyValues("llm.monitor.board.enabled=true", "llm.monitor.board.path=/ops/board",
					"management.endpoints.web.exposure.include=llmcalls,llmusage")
			.run((context) -> {
				ServletRegistrationBean<?> registration = context
					.getBean(LlmMonitorBoardAutoConfiguration.BOARD_SERVLET_BEAN_NAME, ServletRegistrationBean.class);
				assertThat(registration.getUrlMappings()).containsExactly("/ops/board/*");
				assertThat(context.getBean(BoardEndpoints.class))
					.isEqualTo(new BoardEndpoints("/actuator/llmcalls", "/actuator/llmusage", null));
			});
	}

	@Test
	void boardSaysHowToExposeEndpointsThatAreNot() {
		this.runner.withPropertyValues("llm.monitor.board.enabled=true").run((context) -> {
			BoardEndpoints endpoints = context.getBean(BoardEndpoints.class);
			assertThat(endpoints.callsPath()).isNull();
			assertThat(endpoints.notice()).contains("management.endpoints.web.exposure.include=llmcalls,llmusage");
		});
	}

	@Test
	void boardSaysWhenTheActuatorIsOnAnotherPort() {
		this.runner
			.withPropertyValues("llm.monitor.board.enabled=true", "management.server.port=9091",
					"management.endpoints.web.exposure.include=llmcalls,llmusage")
			.run((context) -> assertThat(context.getBean(BoardEndpoints.class).notice())
				.contains("management.server.port"));
	}

	@Test
	void boardWithoutTheActuatorSaysSo() {
		new WebApplicationContextRunner()
			.withPropertyValues("spring.datasource.generate-unique-name=true", "llm.monitor.board.enabled=true")
			.withConfiguration(
					AutoConfigurations.of(LlmMonitorAutoConfiguration.class, LlmMonitorJdbcAutoConfiguration.class,
							LlmMonitorBoardAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean(LlmMonitorBoardAutoConfiguration.BOARD_SERVLET_BEAN_NAME)
				.doesNotHaveBean(BoardEndpoints.class));
	}

	@Test
	void boardIsNotServedWhenLlmMonitorIsOffOrOutsideAServletApplication() {
		this.runner.withPropertyValues("llm.monitor.board.enabled=true", "llm.monitor.enabled=false")
			.run((context) -> assertThat(context)
				.doesNotHaveBean(LlmMonitorBoardAutoConfiguration.BOARD_SERVLET_BEAN_NAME));
		new ApplicationContextRunner().withPropertyValues("llm.monitor.board.enabled=true")
			.withConfiguration(AutoConfigurations.of(LlmMonitorBoardAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LlmMonitorBoardAutoConfiguration.BOARD_SERVLET_BEAN_NAME));
	}

	@Test
	void boardPathMustBeAPath() {
		for (String path : new String[] { "board", "/", "/board/", "/board/*" }) {
			this.runner.withPropertyValues("llm.monitor.board.enabled=true", "llm.monitor.board.path=" + path)
				.run((context) -> assertThat(context).as(path)
					.getFailure()
					.rootCause()
					.hasMessageContaining("llm.monitor.board.path"));
		}
	}

}
