package io.llmmonitor.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.llmmonitor.record.LlmCallRepository;
import io.llmmonitor.record.LlmCallWriter;
import io.llmmonitor.record.jdbc.JdbcLlmCallRepository;
import io.llmmonitor.record.jdbc.StoreDescription;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * One INFO line once the application is ready, saying where records go and what is
 * watched: the store (database, URL without credentials, whether its tables exist), the
 * writer's queue, the capture points that are on, the proxy's and the board's addresses.
 * A WARN follows when records go to an in-memory database that loses them at restart.
 */
class LlmMonitorStartupReport implements ApplicationListener<ApplicationReadyEvent> {

	private static final Log logger = LogFactory.getLog(LlmMonitorStartupReport.class);

	private static final boolean JDBC_PRESENT = ClassUtils.isPresent("org.springframework.jdbc.core.JdbcTemplate",
			LlmMonitorStartupReport.class.getClassLoader());

	private final LlmMonitorProperties properties;

	LlmMonitorStartupReport(LlmMonitorProperties properties) {
		this.properties = properties;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		ApplicationContext context = event.getApplicationContext();
		if (context.getParent() != null && context.getParent().containsBean("llmCallRecorder")) {
			return;
		}
		StoreDescription store = describeStore(context);
		logger.info(line(context, store));
		LlmCallWriter writer = context.getBeanProvider(LlmCallWriter.class).getIfAvailable();
		if (store != null && !store.tablesPresent() && writer != null) {
			// says once what to do, and keeps the records until the tables are there
			writer.checkStore();
		}
		if (store != null && store.inMemory() && !context.getEnvironment().containsProperty("spring.datasource.url")) {
			logger.warn("llm-monitor keeps its records in an in-memory database (" + store.url()
					+ ") that loses them when the application stops: set spring.datasource.url to a file or "
					+ "server database (PostgreSQL, MariaDB, an H2 file) to keep them");
		}
	}

	String line(ApplicationContext context, @Nullable StoreDescription store) {
		StringBuilder line = new StringBuilder("llm-monitor ").append(this.properties.getProject()).append(": ");
		LlmCallWriter writer = context.getBeanProvider(LlmCallWriter.class).getIfAvailable();
		if (store != null) {
			line.append("records to ")
				.append(store.product())
				.append(" at ")
				.append(store.url())
				.append(store.tablesPresent() ? " (tables present)" : " (tables missing)");
		}
		else if (context.getBeanProvider(LlmCallRepository.class).getIfAvailable() != null) {
			line.append("records to a custom store");
		}
		else {
			line.append("no store (meters only)");
		}
		if (writer != null) {
			LlmMonitorStoreProperties storeProperties = context.getBean(LlmMonitorStoreProperties.class);
			line.append(", queue of ")
				.append(storeProperties.getQueueCapacity())
				.append(" written in batches of ")
				.append(storeProperties.getBatchSize())
				.append(" by ")
				.append(writer.threadCount())
				.append((writer.threadCount() == 1) ? " thread" : " threads");
		}
		line.append("; capture: ").append(String.join(", ", capturePoints(context)));
		String board = boardUrl(context);
		if (board != null) {
			line.append("; board at ").append(board);
		}
		return line.toString();
	}

	private List<String> capturePoints(ApplicationContext context) {
		List<String> points = new ArrayList<>();
		add(points, context, "llmMonitorAdvisor", "ChatClient advisor");
		add(points, context, "llmMonitorRestClientCustomizer", "RestClient");
		add(points, context, "llmMonitorWebClientCustomizer", "WebClient");
		add(points, context, "llmMonitorOpenAiHttpClientBuilderCustomizer", "OkHttp (Spring AI OpenAI)");
		add(points, context, "llmMonitorAnthropicHttpClientBuilderCustomizer", "OkHttp (Spring AI Anthropic)");
		if (context.containsBean(LlmMonitorProxyAutoConfiguration.PROXY_SERVLET_BEAN_NAME)) {
			LlmMonitorProxyProperties proxy = context.getBean(LlmMonitorProxyProperties.class);
			points.add("proxy at " + contextPath(context) + proxy.getPath() + "/v1"
					+ (proxy.getAnthropic().isEnabled()
							? " and " + contextPath(context) + proxy.getPath() + "/anthropic/v1" : "")
					+ " to " + proxy.getUpstreamUrl());
		}
		if (points.isEmpty()) {
			points.add("none");
		}
		return points;
	}

	private static void add(List<String> points, ApplicationContext context, String bean, String name) {
		if (context.containsBean(bean)) {
			points.add(name);
		}
	}

	private static @Nullable String boardUrl(ApplicationContext context) {
		if (!context.containsBean(LlmMonitorBoardAutoConfiguration.BOARD_SERVLET_BEAN_NAME)) {
			return null;
		}
		Environment environment = context.getEnvironment();
		String port = environment.getProperty("local.server.port");
		String path = context.getBean(LlmMonitorBoardProperties.class).getPath();
		return ((port != null) ? "http://localhost:" + port : "") + contextPath(context) + path + "/";
	}

	private static String contextPath(ApplicationContext context) {
		return context.getEnvironment().getProperty("server.servlet.context-path", "");
	}

	private static @Nullable StoreDescription describeStore(ApplicationContext context) {
		if (!JDBC_PRESENT) {
			return null;
		}
		return JdbcStore.describe(context);
	}

	/**
	 * Touches JDBC types only when they are on the classpath.
	 */
	private static final class JdbcStore {

		static @Nullable StoreDescription describe(ApplicationContext context) {
			LlmCallRepository repository = context.getBeanProvider(LlmCallRepository.class).getIfAvailable();
			if (!(repository instanceof JdbcLlmCallRepository jdbc)) {
				return null;
			}
			try {
				return jdbc.describe();
			}
			catch (RuntimeException ex) {
				return new StoreDescription(jdbc.dialect().name(), "unreachable (" + ex.getMessage() + ")", false);
			}
		}

	}

}
