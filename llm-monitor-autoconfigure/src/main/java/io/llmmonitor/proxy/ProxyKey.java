package io.llmmonitor.proxy;

import io.llmmonitor.record.LlmCallContext;
import org.jspecify.annotations.Nullable;

/**
 * What a key a client presents to the proxy stands for.
 *
 * @param upstreamKey the API key sent upstream in its place, or {@code null} to send none
 * @param anthropicUpstreamKey the API key sent in its place on the Anthropic route, or
 * {@code null} to send none
 * @param context metadata of the calls made with the key
 * @param name what records name the key by (never the key itself), or {@code null}
 * @since 0.1.0
 */
public record ProxyKey(@Nullable String upstreamKey, @Nullable String anthropicUpstreamKey, LlmCallContext context,
		@Nullable String name) {

	/**
	 * A key that records do not name.
	 * @param upstreamKey the API key sent upstream in its place, or {@code null}
	 * @param anthropicUpstreamKey the API key sent in its place on the Anthropic route,
	 * or {@code null}
	 * @param context metadata of the calls made with the key
	 */
	public ProxyKey(@Nullable String upstreamKey, @Nullable String anthropicUpstreamKey, LlmCallContext context) {
		this(upstreamKey, anthropicUpstreamKey, context, null);
	}

	/**
	 * A key of the OpenAI-compatible route only.
	 * @param upstreamKey the API key sent upstream in its place, or {@code null}
	 * @param context metadata of the calls made with the key
	 */
	public ProxyKey(@Nullable String upstreamKey, LlmCallContext context) {
		this(upstreamKey, null, context, null);
	}

}
