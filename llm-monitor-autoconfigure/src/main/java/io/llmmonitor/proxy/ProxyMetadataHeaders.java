package io.llmmonitor.proxy;

import io.llmmonitor.record.LlmCallContext;

import org.springframework.util.StringUtils;

/**
 * The {@code X-LLM-*} request headers through which clients of the proxy describe a call,
 * by lower-case name. None of them is forwarded upstream.
 */
final class ProxyMetadataHeaders {

	private static final String PREFIX = "x-llm-";

	private static final String PROJECT = "x-llm-project";

	private static final String THREAD_ID = "x-llm-thread-id";

	private static final String USER_ID = "x-llm-user-id";

	private static final String CLIENT_ID = "x-llm-client-id";

	/** Comma-separated tags. */
	private static final String TAGS = "x-llm-tags";

	/** {@code X-LLM-Attribute-<name>: <value>}. */
	private static final String ATTRIBUTE_PREFIX = "x-llm-attribute-";

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
			case PROJECT -> context.project(trimmed);
			case THREAD_ID -> context.threadId(trimmed);
			case USER_ID -> context.userId(trimmed);
			case CLIENT_ID -> context.clientId(trimmed);
			case TAGS -> {
				for (String tag : StringUtils.tokenizeToStringArray(trimmed, ",")) {
					context.tag(tag);
				}
			}
			default -> {
				if (lowerCaseName.startsWith(ATTRIBUTE_PREFIX) && lowerCaseName.length() > ATTRIBUTE_PREFIX.length()) {
					context.attribute(lowerCaseName.substring(ATTRIBUTE_PREFIX.length()), trimmed);
				}
			}
		}
	}

}
