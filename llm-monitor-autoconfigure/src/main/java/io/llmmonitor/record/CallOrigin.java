package io.llmmonitor.record;

import java.net.URI;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Where a call was seen, and who served it.
 *
 * @param source the capture point that saw the call
 * @param provider the provider that served it ({@code openai}, {@code ollama}, ...)
 * @param baseUrl the upstream's base URL: scheme, host, port when not the scheme's
 * default, and the path before the operation ({@code https://api.openai.com/v1}); never a
 * query string. {@code null} when the capture point did not see the HTTP request (a model
 * whose HTTP client llm-monitor does not intercept)
 * @param proxyKey the name of the proxy key a proxied call was made with (never the key
 * itself), or {@code null}
 * @param environment the environment of the application that made the call
 * ({@code llm.monitor.environment}), or {@code null} when not known
 * @since 0.1.0
 */
public record CallOrigin(CallSource source, String provider, @Nullable String baseUrl, @Nullable String proxyKey,
		@Nullable String environment) {

	/** Provider of a call whose provider is not known. */
	public static final String UNKNOWN_PROVIDER = "unknown";

	public CallOrigin {
		Assert.notNull(source, "'source' must not be null");
		Assert.hasText(provider, "'provider' must not be empty");
	}

	/**
	 * Create an origin without an environment.
	 * @param source the capture point that saw the call
	 * @param provider the provider that served it
	 * @param baseUrl the upstream's base URL, or {@code null}
	 * @param proxyKey the name of the proxy key, or {@code null}
	 */
	public CallOrigin(CallSource source, String provider, @Nullable String baseUrl, @Nullable String proxyKey) {
		this(source, provider, baseUrl, proxyKey, null);
	}

	/**
	 * Create an origin of a call made without a proxy key.
	 * @param source the capture point that saw the call
	 * @param provider the provider that served it
	 * @param baseUrl the upstream's base URL, or {@code null}
	 */
	public CallOrigin(CallSource source, String provider, @Nullable String baseUrl) {
		this(source, provider, baseUrl, null, null);
	}

	/**
	 * Create an origin with no base URL.
	 * @param source the capture point that saw the call
	 * @param provider the provider that served it
	 */
	public CallOrigin(CallSource source, String provider) {
		this(source, provider, null, null, null);
	}

	/**
	 * The upstream's host.
	 * @return the host of the base URL, or {@code null} when there is none
	 */
	public @Nullable String serverAddress() {
		URI uri = uri();
		return (uri != null) ? uri.getHost() : null;
	}

	/**
	 * The upstream's port.
	 * @return the port of the base URL (the scheme's default when it names none), or
	 * {@code -1} when there is no base URL
	 */
	public int serverPort() {
		URI uri = uri();
		if (uri == null) {
			return -1;
		}
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
	}

	private @Nullable URI uri() {
		if (this.baseUrl == null) {
			return null;
		}
		try {
			return URI.create(this.baseUrl);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
