package io.llmmonitor.autoconfigure;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The route for Anthropic's Messages API: Anthropic's SDKs use
 * {@code http://host:port<path>/anthropic} as their base URL, and their {@code x-api-key}
 * and {@code anthropic-version} headers go upstream (the key swapped for a proxy key's).
 * Bound under {@code llm.monitor.proxy.anthropic}.
 *
 * @since 0.1.0
 */
public class LlmMonitorProxyAnthropicProperties {

	/**
	 * Whether the Anthropic route is served.
	 */
	private boolean enabled = true;

	/**
	 * Base URL requests under "<path>/anthropic/v1" are forwarded to.
	 */
	private String upstreamUrl = "https://api.anthropic.com/v1";

	/**
	 * Anthropic API key sent for proxy keys that set no "anthropic-upstream-key".
	 */
	private @Nullable String upstreamKey;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getUpstreamUrl() {
		return this.upstreamUrl;
	}

	public void setUpstreamUrl(String upstreamUrl) {
		URI uri = URI.create(upstreamUrl);
		Assert.isTrue("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()),
				() -> "llm.monitor.proxy.anthropic.upstream-url must be an http or https URL, got '" + upstreamUrl
						+ "'");
		this.upstreamUrl = upstreamUrl;
	}

	public @Nullable String getUpstreamKey() {
		return this.upstreamKey;
	}

	public void setUpstreamKey(@Nullable String upstreamKey) {
		this.upstreamKey = upstreamKey;
	}

}
