package io.llmmonitor.proxy;

import java.util.Locale;

import io.llmmonitor.record.LlmCallContext;

import org.springframework.util.StringUtils;

/**
 * The {@code X-LLM-*} request headers through which clients of the proxy describe a call.
 * None of them is forwarded upstream.
 *
 * @since 0.1.0
 */
public final class ProxyMetadataHeaders {

	/** Prefix of every metadata header, lower case. */
	public static final String PREFIX = "x-llm-";

	/** Project of the call. */
	public static final String PROJECT = "X-LLM-Project";

	/** Conversation (thread) id. */
	public static final String THREAD_ID = "X-LLM-Thread-Id";

	/** End user id. */
	public static final String USER_ID = "X-LLM-User-Id";

	/** Calling client id. */
	public static final String CLIENT_ID = "X-LLM-Client-Id";

	/** Comma-separated tags. */
	public static final String TAGS = "X-LLM-Tags";

	/** Prefix of attribute headers: {@code X-LLM-Attribute-<name>: <value>}. */
	public static final String ATTRIBUTE_PREFIX = "X-LLM-Attribute-";

	private static final String ATTRIBUTE_PREFIX_LOWER = ATTRIBUTE_PREFIX.toLowerCase(Locale.ROOT);

	private ProxyMetadataHeaders() {
	}

	/**
	 * Whether a header is a metadata header.
	 * @param lowerCaseName the header name in lower case
	 * @return {@code true} for any {@code X-LLM-*} header
	 */
	static boolean isMetadata(String lowerCaseName) {
		return lowerCaseName.startsWith(PREFIX);
	}

	/**
	 * Apply one metadata header to the context being built. Unknown {@code X-LLM-*}
	 * headers and empty values are ignored; attribute names are taken in lower case.
	 * @param lowerCaseName the header name in lower case
	 * @param value the header value
	 * @param context the context being built
	 */
	static void apply(String lowerCaseName, String value, LlmCallContext.Builder context) {
		String trimmed = value.trim();
		if (trimmed.isEmpty()) {
			return;
		}
		switch (lowerCaseName) {
			case "x-llm-project" -> context.project(trimmed);
			case "x-llm-thread-id" -> context.threadId(trimmed);
			case "x-llm-user-id" -> context.userId(trimmed);
			case "x-llm-client-id" -> context.clientId(trimmed);
			case "x-llm-tags" -> {
				for (String tag : StringUtils.tokenizeToStringArray(trimmed, ",")) {
					context.tag(tag);
				}
			}
			default -> {
				if (lowerCaseName.startsWith(ATTRIBUTE_PREFIX_LOWER)
						&& lowerCaseName.length() > ATTRIBUTE_PREFIX_LOWER.length()) {
					context.attribute(lowerCaseName.substring(ATTRIBUTE_PREFIX_LOWER.length()), trimmed);
				}
			}
		}
	}

}
