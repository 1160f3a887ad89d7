package io.llmmonitor.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the OpenAI-compatible monitoring proxy.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(LlmMonitorProxyProperties.CONFIG_PREFIX)
public class LlmMonitorProxyProperties {

	/** Prefix of the proxy's properties. */
	public static final String CONFIG_PREFIX = "llm.monitor.proxy";

	/**
	 * Whether the OpenAI-compatible monitoring proxy is served.
	 */
	private boolean enabled;

	/**
	 * Path the proxy is served under; clients use "<path>/v1" as their base URL.
	 */
	private String path = "/llm-proxy";

	/**
	 * Base URL requests are forwarded to; the part of a request path after "<path>/v1" is
	 * appended to it.
	 */
	private String upstreamUrl = "https://api.openai.com/v1";

	/**
	 * Longest wait from sending a request to the first byte of the upstream's response
	 * body; reasoning models may think for minutes first.
	 */
	private Duration firstByteTimeout = Duration.ofMinutes(10);

	/**
	 * Longest silence between two pieces of the upstream's response body once it has
	 * begun.
	 */
	private Duration idleTimeout = Duration.ofMinutes(2);

	/**
	 * Silence of the upstream after which an SSE comment is sent down an event stream, so
	 * that a client that went away is noticed and its upstream call cancelled.
	 */
	private Duration streamKeepAlive = Duration.ofSeconds(15);

	/**
	 * Most requests forwarded at once; further requests are answered 429 at once. Keep it
	 * below the server's thread count so that a hung upstream cannot take every thread.
	 */
	private int maxConcurrent = 100;

	/**
	 * Largest LLM request body accepted (those are read into memory to be recorded);
	 * larger ones are answered 413. Other requests, such as file uploads, are streamed
	 * through unlimited.
	 */
	private DataSize maxRequestSize = DataSize.ofMegabytes(50);

	/**
	 * Longest wait for a connection to the upstream.
	 */
	private Duration connectTimeout = Duration.ofSeconds(10);

	/**
	 * Upstream API key sent for proxy keys that set none of their own.
	 */
	private @Nullable String upstreamKey;

	/**
	 * Keys clients must present, by key (or by name when the entry sets "key"). When
	 * empty, a client's own Authorization header goes upstream unchanged.
	 */
	private Map<String, Key> keys = new LinkedHashMap<>();

	/**
	 * The route for Anthropic's Messages API, "<path>/anthropic/v1".
	 */
	@NestedConfigurationProperty
	private final LlmMonitorProxyAnthropicProperties anthropic = new LlmMonitorProxyAnthropicProperties();

	public LlmMonitorProxyAnthropicProperties getAnthropic() {
		return this.anthropic;
	}

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
		Assert.isTrue(path.startsWith("/") && !path.endsWith("/") && !path.contains("*"),
				"llm.monitor.proxy.path must start with '/' and must not end with '/' or hold '*'");
		this.path = path;
	}

	public String getUpstreamUrl() {
		return this.upstreamUrl;
	}

	public void setUpstreamUrl(String upstreamUrl) {
		URI uri = URI.create(upstreamUrl);
		Assert.isTrue(("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null,
				() -> "llm.monitor.proxy.upstream-url must be an http or https URL, got '" + upstreamUrl + "'");
		this.upstreamUrl = upstreamUrl;
	}

	public Duration getFirstByteTimeout() {
		return this.firstByteTimeout;
	}

	public void setFirstByteTimeout(Duration firstByteTimeout) {
		this.firstByteTimeout = positive(firstByteTimeout, "first-byte-timeout");
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = positive(idleTimeout, "idle-timeout");
	}

	public Duration getStreamKeepAlive() {
		return this.streamKeepAlive;
	}

	public void setStreamKeepAlive(Duration streamKeepAlive) {
		this.streamKeepAlive = positive(streamKeepAlive, "stream-keep-alive");
	}

	public int getMaxConcurrent() {
		return this.maxConcurrent;
	}

	public void setMaxConcurrent(int maxConcurrent) {
		Assert.isTrue(maxConcurrent > 0, "llm.monitor.proxy.max-concurrent must be positive");
		this.maxConcurrent = maxConcurrent;
	}

	public DataSize getMaxRequestSize() {
		return this.maxRequestSize;
	}

	public void setMaxRequestSize(DataSize maxRequestSize) {
		Assert.isTrue(maxRequestSize.toBytes() > 0 && maxRequestSize.toBytes() < Integer.MAX_VALUE - 8,
				"llm.monitor.proxy.max-request-size must be positive and under 2GB");
		this.maxRequestSize = maxRequestSize;
	}

	private static Duration positive(Duration duration, String name) {
		Assert.isTrue(!duration.isNegative() && !duration.isZero(),
				() -> "llm.monitor.proxy." + name + " must be positive");
		return duration;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = positive(connectTimeout, "connect-timeout");
	}

	public @Nullable String getUpstreamKey() {
		return this.upstreamKey;
	}

	public void setUpstreamKey(@Nullable String upstreamKey) {
		this.upstreamKey = upstreamKey;
	}

	public Map<String, Key> getKeys() {
		return this.keys;
	}

	public void setKeys(Map<String, Key> keys) {
		this.keys = keys;
	}

	/**
	 * A key clients of the proxy present, with the upstream key it stands for and the
	 * metadata of the calls made with it.
	 */
	public static class Key {

		/**
		 * Key clients present, when it is not the entry's name (for example a secret from
		 * the environment).
		 */
		private @Nullable String key;

		/**
		 * Upstream API key sent in place of this key; none sends no key upstream unless
		 * "llm.monitor.proxy.upstream-key" is set.
		 */
		private @Nullable String upstreamKey;

		/**
		 * Anthropic API key sent in place of this key on the Anthropic route; none sends
		 * no key upstream unless "llm.monitor.proxy.anthropic.upstream-key" is set.
		 */
		private @Nullable String anthropicUpstreamKey;

		public @Nullable String getAnthropicUpstreamKey() {
			return this.anthropicUpstreamKey;
		}

		public void setAnthropicUpstreamKey(@Nullable String anthropicUpstreamKey) {
			this.anthropicUpstreamKey = anthropicUpstreamKey;
		}

		/**
		 * Project of calls made with this key.
		 */
		private @Nullable String project;

		/**
		 * Client id of calls made with this key.
		 */
		private @Nullable String clientId;

		/**
		 * Tags of calls made with this key.
		 */
		private List<String> tags = new ArrayList<>();

		/**
		 * Attributes of calls made with this key.
		 */
		private Map<String, String> attributes = new LinkedHashMap<>();

		public @Nullable String getKey() {
			return this.key;
		}

		public void setKey(@Nullable String key) {
			this.key = key;
		}

		public @Nullable String getUpstreamKey() {
			return this.upstreamKey;
		}

		public void setUpstreamKey(@Nullable String upstreamKey) {
			this.upstreamKey = upstreamKey;
		}

		public @Nullable String getProject() {
			return this.project;
		}

		public void setProject(@Nullable String project) {
			this.project = project;
		}

		public @Nullable String getClientId() {
			return this.clientId;
		}

		public void setClientId(@Nullable String clientId) {
			this.clientId = clientId;
		}

		public List<String> getTags() {
			return this.tags;
		}

		public void setTags(List<String> tags) {
			this.tags = tags;
		}

		public Map<String, String> getAttributes() {
			return this.attributes;
		}

		public void setAttributes(Map<String, String> attributes) {
			this.attributes = attributes;
		}

	}

}
