package io.llmmonitor.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;

/**
 * Configuration properties of the web board.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(LlmMonitorBoardProperties.CONFIG_PREFIX)
public class LlmMonitorBoardProperties {

	/** Prefix of the board's properties. */
	public static final String CONFIG_PREFIX = "llm.monitor.board";

	/**
	 * Whether the web board is served. It reads the llmcalls and llmusage endpoints,
	 * which must be exposed over HTTP on the application's port.
	 */
	private boolean enabled;

	/**
	 * Path the board is served at.
	 */
	private String path = "/llm-monitor";

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		Assert.isTrue(path.startsWith("/") && path.length() > 1 && !path.endsWith("/") && !path.contains("*"),
				"llm.monitor.board.path must start with '/' and must not be '/', end with '/' or hold '*'");
		this.path = path;
	}

}
