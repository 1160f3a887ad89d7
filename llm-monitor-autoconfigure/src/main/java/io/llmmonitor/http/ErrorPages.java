package io.llmmonitor.http;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Turns an error body that is not JSON (a proxy's or gateway's HTML page) into a short
 * message: its title, else its text without tags.
 */
final class ErrorPages {

	private static final int MAX_TEXT = 500;

	private ErrorPages() {
	}

	static @Nullable String text(String body) {
		String lower = body.toLowerCase(Locale.ROOT);
		int title = lower.indexOf("<title>");
		if (title >= 0) {
			int end = lower.indexOf("</title>", title);
			if (end > title) {
				return body.substring(title + 7, end).trim();
			}
		}
		String text = body.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
		if (text.isEmpty()) {
			return null;
		}
		return (text.length() > MAX_TEXT) ? text.substring(0, MAX_TEXT) : text;
	}

}
