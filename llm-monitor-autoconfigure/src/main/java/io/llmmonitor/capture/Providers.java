package io.llmmonitor.capture;

import java.net.URI;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Names the provider behind an OpenAI-compatible base URL.
 *
 * @since 0.1.0
 */
public final class Providers {

	/** OpenAI. */
	public static final String OPENAI = "openai";

	/** Any other server that speaks OpenAI's API. */
	public static final String OPENAI_COMPATIBLE = "openai-compatible";

	/** Anthropic, by host, by its {@code anthropic-version} header or by its answers. */
	public static final String ANTHROPIC = "anthropic";

	private static volatile @Nullable Named lastNamed;

	private static volatile @Nullable NamedHost lastHost;

	private Providers() {
	}

	/**
	 * Return the provider behind a URL.
	 * @param url the base URL or request URL, or {@code null} for OpenAI's default
	 * @return the provider name
	 */
	public static String fromUrl(@Nullable String url) {
		if (url == null || url.isBlank()) {
			return OPENAI;
		}
		// An application names few base URLs, and calls name the same one again and
		// again.
		Named last = lastNamed;
		if (last != null && last.url().equals(url)) {
			return last.provider();
		}
		String provider;
		try {
			URI uri = URI.create(url.trim());
			provider = fromHost(uri.getHost(), uri.getPort());
		}
		catch (IllegalArgumentException ex) {
			provider = OPENAI_COMPATIBLE;
		}
		lastNamed = new Named(url, provider);
		return provider;
	}

	/**
	 * Return the provider behind a host and port.
	 * @param host the host
	 * @param port the port, or -1
	 * @return the provider name
	 */
	public static String fromHost(@Nullable String host, int port) {
		if (host == null) {
			return OPENAI_COMPATIBLE;
		}
		NamedHost last = lastHost;
		if (last != null && last.port() == port && last.host().equals(host)) {
			return last.provider();
		}
		String provider = byHost(host, port);
		lastHost = new NamedHost(host, port, provider);
		return provider;
	}

	private static String byHost(String host, int port) {
		String name = host.toLowerCase(Locale.ROOT);
		if (name.equals("api.openai.com")) {
			return OPENAI;
		}
		if (name.endsWith(".openai.azure.com") || name.endsWith(".services.ai.azure.com")
				|| name.endsWith(".cognitiveservices.azure.com")) {
			return "azure";
		}
		if (name.endsWith("groq.com")) {
			return "groq";
		}
		if (name.endsWith("mistral.ai")) {
			return "mistral";
		}
		if (name.endsWith("deepseek.com")) {
			return "deepseek";
		}
		if (name.endsWith("openrouter.ai")) {
			return "openrouter";
		}
		if (name.endsWith("together.xyz") || name.endsWith("together.ai")) {
			return "together";
		}
		if (name.equals("api.anthropic.com")) {
			return ANTHROPIC;
		}
		if (name.equals("generativelanguage.googleapis.com")) {
			return "gemini";
		}
		if (port == 11434 || name.contains("ollama")) {
			return "ollama";
		}
		if (name.contains("vllm")) {
			return "vllm";
		}
		return OPENAI_COMPATIBLE;
	}

	private record Named(String url, String provider) {
	}

	private record NamedHost(String host, int port, String provider) {
	}

}
