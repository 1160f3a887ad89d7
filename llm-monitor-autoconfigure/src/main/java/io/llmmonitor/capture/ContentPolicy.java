package io.llmmonitor.capture;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.llmmonitor.record.CallOutcome;
import io.llmmonitor.record.CallRequest;
import io.llmmonitor.record.CallResponse;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallContext;
import io.llmmonitor.record.LlmMessage;
import io.llmmonitor.record.LlmToolCall;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * What of a call's content is kept: nothing when content capture is off; otherwise the
 * content cut to the maximum length (the {@code limit} methods, on the caller's thread)
 * with secrets replaced by {@value #REDACTED} ({@link #redact(LlmCall)}, on the writer's
 * thread). The messages of one call share one budget of that length, spent from the most
 * recent message backwards. Error messages are always redacted.
 *
 * @since 0.1.0
 */
public final class ContentPolicy {

	/** What a redacted secret is replaced with. */
	public static final String REDACTED = "[REDACTED]";

	/**
	 * Patterns of secrets redacted by default: the common credential shapes of
	 * {@link DefaultSecretPatterns}.
	 */
	public static final List<String> DEFAULT_REDACT_PATTERNS = DefaultSecretPatterns.PATTERNS;

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
	 * The most characters of a response text a capture point needs to keep as it arrives:
	 * none when content is not captured, else one more than is stored, so that the cut
	 * shows.
	 * @return the number of characters
	 */
	public int textBudget() {
		return this.captureContent ? this.maxChars + 1 : 0;
	}

	/**
	 * Limit a request's messages: none when content capture is off, else one budget of
	 * the maximum length for all of them, spent from the most recent message backwards.
	 * Cheap enough for the caller's thread, and bounds what a record holds while it waits
	 * to be written.
	 * @param request the request as captured
	 * @return the request as it may be kept; the same instance when it already fits
	 */
	public CallRequest limit(CallRequest request) {
		List<LlmMessage> messages = request.messages();
		if (!this.captureContent) {
			return messages.isEmpty() ? request : request.withMessages(List.of());
		}
		long total = 0;
		for (LlmMessage message : messages) {
			total += length(message.content());
		}
		if (total <= this.maxChars) {
			return request;
		}
		LlmMessage[] kept = messages.toArray(new LlmMessage[0]);
		int budget = this.maxChars;
		for (int i = kept.length - 1; i >= 0; i--) {
			String content = kept[i].content();
			if (content != null && content.length() > budget) {
				kept[i] = kept[i].withContent(content.substring(0, budget));
			}
			budget -= length(kept[i].content());
		}
		return request.withMessages(List.of(kept));
	}

	/**
	 * Limit a response's text and tool arguments: none when content capture is off, else
	 * each cut to the maximum length.
	 * @param response the response as captured
	 * @return the response as it may be kept; the same instance when it already fits
	 */
	public CallResponse limit(CallResponse response) {
		List<LlmToolCall> toolCalls = response.toolCalls();
		if (!this.captureContent) {
			boolean hasArguments = toolCalls.stream().anyMatch((toolCall) -> toolCall.arguments() != null);
			return response.withContent(hasArguments ? LlmToolCall.withoutArguments(toolCalls) : toolCalls, null);
		}
		String text = cut(response.responseText(), this.maxChars);
		List<LlmToolCall> keptToolCalls = toolCalls;
		for (LlmToolCall toolCall : toolCalls) {
			if (length(toolCall.arguments()) > this.maxChars) {
				keptToolCalls = toolCalls.stream()
					.map((each) -> each.withArguments(cut(each.arguments(), this.maxChars)))
					.toList();
				break;
			}
		}
		return response.withContent(keptToolCalls, text);
	}

	/**
	 * Limit the error message of an outcome, content capture or not.
	 * @param outcome the outcome as captured
	 * @return the outcome as it may be kept; the same instance when it already fits
	 */
	public CallOutcome limit(CallOutcome outcome) {
		return outcome.withErrorMessage(cut(outcome.errorMessage(), MAX_ERROR_MESSAGE_CHARS));
	}

	private static int length(@Nullable String text) {
		return (text != null) ? text.length() : 0;
	}

	/**
	 * Replace secrets in a call's content and error message. Runs on the writer's thread,
	 * before the call is stored.
	 * @param call the call
	 * @return the call without secrets; the same instance when it holds none
	 */
	@SuppressWarnings("ReferenceEquality") // the same instance: nothing changed
	public LlmCall redact(LlmCall call) {
		if (this.redact == null) {
			return call;
		}
		List<LlmMessage> redactedMessages = redactEach(call.request().messages(), LlmMessage::content,
				LlmMessage::withContent);
		List<LlmToolCall> redactedToolCalls = redactEach(call.response().toolCalls(), LlmToolCall::arguments,
				LlmToolCall::withArguments);
		LlmCall redacted = call.withContent(call.request().withMessages(redactedMessages),
				call.response().withContent(redactedToolCalls, redact(call.response().responseText())),
				call.outcome().withErrorMessage(redact(call.outcome().errorMessage())), call.contentTruncated());
		LlmCallContext context = redact(call.context());
		return (context != call.context()) ? redacted.withContext(context) : redacted;
	}

	/**
	 * Replace secrets in a call's metadata: project, thread, user and client ids, tags
	 * and attribute values.
	 * @param context the metadata
	 * @return the metadata without secrets; the same instance when it holds none
	 */
	@SuppressWarnings("ReferenceEquality") // the same instance: nothing changed
	public LlmCallContext redact(LlmCallContext context) {
		if (this.redact == null || context.isEmpty()) {
			return context;
		}
		String project = redact(context.project());
		String threadId = redact(context.threadId());
		String userId = redact(context.userId());
		String clientId = redact(context.clientId());
		List<String> tags = redactEach(context.tags(), Function.identity(), (tag, text) -> (text != null) ? text : tag);
		Map<String, String> attributes = context.attributes();
		for (Map.Entry<String, String> attribute : context.attributes().entrySet()) {
			String value = redact(attribute.getValue());
			if (value != attribute.getValue()) {
				if (attributes == context.attributes()) {
					attributes = new LinkedHashMap<>(context.attributes());
				}
				attributes.put(attribute.getKey(), (value != null) ? value : REDACTED);
			}
		}
		boolean same = project == context.project() && threadId == context.threadId() && userId == context.userId()
				&& clientId == context.clientId() && tags == context.tags() && attributes == context.attributes();
		return same ? context : new LlmCallContext(project, threadId, userId, clientId, tags, attributes);
	}

	/**
	 * Redact the text of each item.
	 * @param <T> the type of the items
	 * @param items the items
	 * @param text the text of an item
	 * @param withText an item with other text
	 * @return the items, the same list when none held a secret
	 */
	@SuppressWarnings("ReferenceEquality") // the same instance: nothing was redacted
	private <T> List<T> redactEach(List<T> items, Function<T, @Nullable String> text,
			BiFunction<T, @Nullable String, T> withText) {
		List<T> redacted = items;
		for (int i = 0; i < items.size(); i++) {
			T item = items.get(i);
			String before = text.apply(item);
			String after = redact(before);
			if (after != before) {
				if (redacted == items) {
					redacted = new ArrayList<>(items);
				}
				redacted.set(i, withText.apply(item, after));
			}
		}
		return redacted;
	}

	/**
	 * Replace secrets in the text.
	 * @param text the text
	 * @return the redacted text
	 */
	public @Nullable String redact(@Nullable String text) {
		if (text == null || this.redact == null
				|| (this.defaultPatternsOnly && !DefaultSecretPatterns.mayMatch(text))) {
			return text;
		}
		Matcher matcher = this.redact.matcher(text);
		return matcher.find() ? matcher.replaceAll(REDACTED) : text;
	}

	private static @Nullable String cut(@Nullable String text, int max) {
		return (text != null && text.length() > max) ? text.substring(0, max) : text;
	}

}
