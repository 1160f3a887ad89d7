package io.llmmonitor.actuate.endpoint;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.CallStatus;
import io.llmmonitor.record.LlmCallFilter;
import org.jspecify.annotations.Nullable;

/**
 * Parses and checks the request parameters of the llm-monitor endpoints, naming the
 * parameter in every complaint.
 */
final class Parameters {

	private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([smhd])");

	// A time before now: -30m, -24h, -7d
	private static final Pattern RELATIVE = Pattern.compile("-(\\d{1,6}[smhd])");

	private static final int MAX_TEXT = 1024;

	/** Earliest instant a window may name. */
	static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

	/** Latest instant a window may name: what every store's timestamp column holds. */
	static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

	private Parameters() {
	}

	static LlmCallFilter filter(@Nullable String project, @Nullable String model, @Nullable String provider,
			@Nullable String operation, @Nullable String source, @Nullable String status, @Nullable String threadId,
			@Nullable String userId, @Nullable String tag, @Nullable String attribute, @Nullable String from,
			@Nullable String to, Clock clock) {
		String attributeName = null;
		String attributeValue = null;
		if (attribute != null) {
			int colon = attribute.indexOf(':');
			if (colon <= 0) {
				throw new InvalidParameterException("attribute", "expected 'name:value', got '" + attribute + "'");
			}
			attributeName = attribute.substring(0, colon);
			attributeValue = text("attribute", attribute.substring(colon + 1));
		}
		String checkedStatus = text("status", status);
		CallStatus callStatus = null;
		if (checkedStatus != null) {
			try {
				callStatus = CallStatus.of(checkedStatus);
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidParameterException("status", "expected 'success' or 'error', got '" + status + "'");
			}
		}
		String checkedSource = text("source", source);
		CallSource callSource = null;
		if (checkedSource != null) {
			try {
				callSource = CallSource.of(checkedSource.trim());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidParameterException("source",
						"expected 'advisor', 'http' or 'proxy', got '" + source + "'");
			}
		}
		Instant fromInstant = instant("from", from, clock);
		Instant toInstant = instant("to", to, clock);
		if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
			throw new InvalidParameterException("from", "must be before 'to'");
		}
		return new LlmCallFilter(text("project", project), text("model", model), text("provider", provider),
				text("operation", operation), callSource, callStatus, text("threadId", threadId),
				text("userId", userId), text("tag", tag), text("attribute", attributeName), attributeValue, fromInstant,
				toInstant);
	}

	static @Nullable String text(String name, @Nullable String value) {
		if (value == null) {
			return null;
		}
		if (value.isBlank()) {
			throw new InvalidParameterException(name, "must not be empty");
		}
		if (value.length() > MAX_TEXT) {
			throw new InvalidParameterException(name, "must be at most " + MAX_TEXT + " characters");
		}
		if (value.chars().anyMatch(Parameters::isRejected)) {
			throw new InvalidParameterException(name, "must not hold control characters");
		}
		return value;
	}

	// Control characters other than tab, and lone surrogates; no stored value holds one
	// (PostgreSQL refuses NUL outright).
	private static boolean isRejected(int ch) {
		return (Character.isISOControl(ch) && ch != '\t') || Character.isSurrogate((char) ch);
	}

	static @Nullable Instant instant(String name, @Nullable String value, Clock clock) {
		if (value == null) {
			return null;
		}
		Matcher relative = RELATIVE.matcher(value.trim().toLowerCase(Locale.ROOT));
		Instant instant = relative.matches() ? clock.instant().minus(duration(name, relative.group(1)))
				: parseInstant(name, value);
		if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
			throw new InvalidParameterException(name, "must be between " + EARLIEST + " and " + LATEST);
		}
		return instant;
	}

	private static Instant parseInstant(String name, String value) {
		if (value.length() > 64 || value.chars().anyMatch(Parameters::isRejected)) {
			throw new InvalidParameterException(name,
					"expected an ISO-8601 date or date-time such as 2026-11-22T10:15:30Z");
		}
		String text = value.trim();
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			// fall through to the other accepted forms
		}
		try {
			return Instant.parse(text);
		}
		catch (DateTimeParseException ex) {
			// fall through
		}
		try {
			return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException ex) {
			throw new InvalidParameterException(name,
					"expected an ISO-8601 date or date-time such as 2026-11-22T10:15:30Z, or a time before now such as "
							+ "-24h, got '" + value + "'");
		}
	}

	static int integer(String name, @Nullable String value, int defaultValue, int min, int max) {
		if (value == null) {
			return defaultValue;
		}
		int parsed;
		try {
			parsed = Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new InvalidParameterException(name, "expected a whole number, got '" + value + "'");
		}
		if (parsed < min || parsed > max) {
			throw new InvalidParameterException(name, "must be between " + min + " and " + max + ", got " + parsed);
		}
		return parsed;
	}

	static @Nullable Duration duration(String name, @Nullable String value) {
		if (value == null) {
			return null;
		}
		Matcher matcher = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
		if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
			throw new InvalidParameterException(name, "expected a duration such as 1m, 1h or 1d, got '" + value + "'");
		}
		long amount = Long.parseLong(matcher.group(1));
		return switch (matcher.group(2)) {
			case "s" -> Duration.ofSeconds(amount);
			case "m" -> Duration.ofMinutes(amount);
			case "h" -> Duration.ofHours(amount);
			default -> Duration.ofDays(amount);
		};
	}

}
