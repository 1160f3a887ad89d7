package io.llmmonitor.autoconfigure;

import io.llmmonitor.board.BoardEndpoints;
import io.llmmonitor.board.LlmMonitorBoardServlet;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The web board, served at {@code llm.monitor.board.path} when
 * {@code llm.monitor.board.enabled=true} in a servlet web application. It reads the
 * {@code llmcalls} and {@code llmusage} endpoints where the actuator maps them.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = LlmMonitorEndpointAutoConfiguration.class,
		afterName = "org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration")
@ConditionalOnBooleanProperty(name = "llm.monitor.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("llm.monitor.board.enabled")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "jakarta.servlet.http.HttpServlet")
@EnableConfigurationProperties(LlmMonitorBoardProperties.class)
public final class LlmMonitorBoardAutoConfiguration {

	/** Bean name of the board's servlet registration. */
	public static final String BOARD_SERVLET_BEAN_NAME = "llmMonitorBoardServlet";

	private static final Log logger = LogFactory.getLog(LlmMonitorBoardAutoConfiguration.class);

	@Bean(name = BOARD_SERVLET_BEAN_NAME)
	@ConditionalOnMissingBean(name = BOARD_SERVLET_BEAN_NAME)
	ServletRegistrationBean<LlmMonitorBoardServlet> llmMonitorBoardServlet(LlmMonitorBoardProperties board,
			ObjectProvider<BoardEndpoints> endpoints) {
		LlmMonitorBoardServlet servlet = new LlmMonitorBoardServlet(() -> endpoints.getIfAvailable(
				() -> new BoardEndpoints(null, null, "The board reads the llmcalls and llmusage actuator endpoints: "
						+ "add spring-boot-starter-actuator and expose them over HTTP")));
		ServletRegistrationBean<LlmMonitorBoardServlet> registration = new ServletRegistrationBean<>(servlet,
				board.getPath() + "/*");
		registration.setName(BOARD_SERVLET_BEAN_NAME);
		return registration;
	}

	@Bean
	ApplicationListener<ApplicationReadyEvent> llmMonitorBoardNoticeLogger(ObjectProvider<BoardEndpoints> endpoints) {
		// Its address is in llm-monitor's start-up line; what it cannot show is said here
		return (event) -> {
			BoardEndpoints found = endpoints.getIfAvailable();
			String notice = (found != null) ? found.notice() : null;
			if (notice != null) {
				logger.warn("llm-monitor board shows no data: " + notice);
			}
		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(PathMappedEndpoints.class)
	static class ActuatorEndpointsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		BoardEndpoints llmMonitorBoardEndpoints(ObjectProvider<PathMappedEndpoints> mapped, Environment environment) {
			if (ManagementPortType.get(environment) == ManagementPortType.DIFFERENT) {
				return new BoardEndpoints(null, null, "The actuator runs on its own port (management.server.port): "
						+ "the board reads the llmcalls and llmusage endpoints from the application's port");
			}
			PathMappedEndpoints paths = mapped.getIfAvailable();
			if (paths == null) {
				return new BoardEndpoints(null, null, null);
			}
			return new BoardEndpoints(paths.getPath(EndpointId.of("llmcalls")),
					paths.getPath(EndpointId.of("llmusage")), null);
		}

	}

}
