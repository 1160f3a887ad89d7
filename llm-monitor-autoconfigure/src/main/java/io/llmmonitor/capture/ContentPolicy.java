package io.llmmonitor.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmMessage;
import io.llmmonitor.record.LlmToolCall;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What of a call's content is kept: nothing when content capture is off; otherwise the
 * content cut to the maximum length ({@link #limit(LlmCall)}, on the caller's thread)
 * with secrets replaced by {@value #REDACTED} ({@link #redact(LlmCall)}, on the writer's
 * thread). The messages of one call share one budget of that length, spent from the most
 * recent message backwards. Error messages are always redacted.
 *
 * @since 0.1.0
 */
public final class ContentPolicy {

	/** What a redacted secret is replaced with. */
	public static final String REDACTED = "[REDACTED]";

	/** Patterns of secrets redacted by default: API keys and bearer tokens. */
	public static final List<String> DEFAULT_REDACT_PATTERNS = List.of("sk-[A-Za-z0-9_\\-]{16,}",
			"(?i)bearer\\s+[A-Za-z0-9._~+/=\\-]{8,}", "AKIA[0-9A-Z]{16}", "AIza[0-9A-Za-z_\\-]{35}",
			"(?i)(api[_-]?key[\"']?\\s*[:=]\\s*[\"']?)[A-Za-z0-9._\\-]{12,}");

	private static final int MAX_ERROR_MESSAGE_CHARS = 4000;

	private final boolean captureContent;

	private final int maxChars;

	private final @Nullable Pattern redact;

	/**
	 * Whether only the default patterns apply, so that a text without their cues is
	 * skipped.
	 */
	private final boolean defaultPatternsOnly;

	/**
	 * Create a policy.
	 * @param captureContent whether messages, response text and tool arguments are kept
	 * @param maxChars maximum length of kept content
	 * @param redactPatterns regular expressions of secrets to redact
	 */
	public ContentPolicy(boolean captureContent, int maxChars, List<String> redactPatterns) {
		Assert.isTrue(maxChars > 0, "'maxChars' must be positive");
		this.captureContent = captureContent;
		this.maxChars = maxChars;
		this.redact = redactPatterns.isEmpty() ? null : Pattern
			.compile(redactPatterns.stream().map((pattern) -> "(?:" + pattern + ")").collect(Collectors.joining("|")));
		this.defaultPatternsOnly = redactPatterns.equals(DEFAULT_REDACT_PATTERNS);
	}

	/**
	 * Whether content is captured at all.
	 * @return {@code true} if messages and response text are kept
	 */
	public boolean capturesContent() {
		return this.captureContent;
	}

	/**
	 * Maximum length of kept content.
	 * @return the maximum number of characters
	 */
	public int maxChars() {
		return this.maxChars;
	}

	/**
	 * Apply the whole policy to a call: {@link #limit(LlmCall)}, then
	 * {@link #redact(LlmCall)}.
	 * @param call the call as captured
	 * @return the call as it may be kept
	 */
	public LlmCall apply(LlmCall call) {
		return redact(limit(call));
	}

	/**
	 * Drop content when capture is off, else cut it to the maximum length. Cheap enough
	 * for the caller's thread, and bounds what a record holds while it waits to be
	 * written.
	 * @param call the call as captured
	 * @return the call with its content limited
	 */
	public LlmCall limit(LlmCall call) {
		if (this.captureContent && fitsWithinLimits(call)) {
			return call;
		}
		LlmCall.Builder builder = call.mutate().errorMessage(cut(call.errorMessage(), MAX_ERROR_MESSAGE_CHARS));
		if (!this.captureContent) {
			return builder.messages(List.of())
				.responseText(null)
				.toolCalls(call.toolCalls().stream().map((toolCall) -> toolCall.withArguments(null)).toList())
				.contentTruncated(false)
				.build();
		}
		boolean truncated = call.contentTruncated();
		String response = call.responseText();
		if (response != null && response.length() > this.maxChars) {
			response = response.substring(0, this.maxChars);
			truncated = true;
		}
		List<LlmToolCall> toolCalls = new ArrayList<>(call.toolCalls().size());
		for (LlmToolCall toolCall : call.toolCalls()) {
			String arguments = toolCall.arguments();
			if (arguments != null && arguments.length() > this.maxChars) {
				arguments = arguments.substring(0, this.maxChars);
				truncated = true;
			}
			toolCalls.add(toolCall.withArguments(arguments));
		}
		LlmMessage[] messages = call.messages().toArray(new LlmMessage[0]);
		int budget = this.maxChars;
		for (int i = messages.length - 1; i >= 0; i--) {
			String content = messages[i].content();
			if (content != null && content.length() > budget) {
				messages[i] = messages[i].withContent(content.substring(0, budget));
				truncated = true;
			}
			budget -= (messages[i].content() != null) ? messages[i].content().length() : 0;
		}
		return builder.messages(List.of(messages))
			.responseText(response)
			.toolCalls(toolCalls)
			.contentTruncated(truncated)
			.build();
	}

	private boolean fitsWithinLimits(LlmCall call) {
		if (length(call.errorMessage()) > MAX_ERROR_MESSAGE_CHARS || length(call.responseText()) > this.maxChars) {
			return false;
		}
		for (LlmToolCall toolCall : call.toolCalls()) {
			if (length(toolCall.arguments()) > this.maxChars) {
				return false;
			}
		}
		long total = 0;
		for (LlmMessage message : call.messages()) {
			total += length(message.content());
		}
		return total <= this.maxChars;
	}

	private static int length(@Nullable String text) {
		return (text != null) ? text.length() : 0;
	}

	/**
	 * Replace secrets in a call's content and error message. Runs on the writer's thread,
	 * before the call is stored.
	 * @param call the call
	 * @return the call without secrets
	 */
	public LlmCall redact(LlmCall call) {
		if (this.redact == null) {
			return call;
		}
		List<LlmMessage> messages = new ArrayList<>(call.messages().size());
		for (LlmMessage message : call.messages()) {
			messages.add(message.withContent(redact(message.content())));
		}
		List<LlmToolCall> toolCalls = new ArrayList<>(call.toolCalls().size());
		for (LlmToolCall toolCall : call.toolCalls()) {
			toolCalls.add(toolCall.withArguments(redact(toolCall.arguments())));
		}
		return call.mutate()
			.messages(messages)
			.toolCalls(toolCalls)
			.responseText(redact(call.responseText()))
			.errorMessage(redact(call.errorMessage()))
			.build();
	}

	/**
	 * Replace secrets in the text.
	 * @param text the text
	 * @return the redacted text
	 */
	public @Nullable String redact(@Nullable String text) {
		if (text == null || this.redact == null || (this.defaultPatternsOnly && !hasDefaultPatternCue(text))) {
			return text;
		}
		return this.redact.matcher(text).replaceAll(REDACTED);
	}

	/**
	 * Whether the text holds one of the literal starts of the default patterns
	 * ({@code sk-}, {@code AKIA}, {@code AIza}, and in any case {@code bearer},
	 * {@code apikey}, {@code api_key}, {@code api-key}): a single pass that spares the
	 * regular expression for the text of most calls.
	 */
	static boolean hasDefaultPatternCue(String text) {
		int length = text.length();
		for (int i = 0; i < length - 2; i++) {
			char c = text.charAt(i);
			if (c == 's' && text.startsWith("sk-", i)) {
				return true;
			}
			if (c == 'A' && (text.startsWith("AKIA", i) || text.startsWith("AIza", i))) {
				return true;
			}
			char lower = (char) (c | 0x20);
			if (lower == 'b' && text.regionMatches(true, i, "bearer", 0, 6)) {
				return true;
			}
			if (lower == 'a' && text.regionMatches(true, i, "api", 0, 3)) {
				int k = i + 3;
				if (k < length && (text.charAt(k) == '_' || text.charAt(k) == '-')) {
					k++;
				}
				if (text.regionMatches(true, k, "key", 0, 3)) {
					return true;
				}
			}
		}
		return false;
	}

	private static @Nullable String cut(@Nullable String text, int max) {
		return (text != null && text.length() > max) ? text.substring(0, max) : text;
	}

}
