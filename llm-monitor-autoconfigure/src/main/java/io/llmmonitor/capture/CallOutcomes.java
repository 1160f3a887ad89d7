package io.llmmonitor.capture;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLException;

import io.llmmonitor.record.CallOutcome;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClientResponseException;

/**
 * The one place an outcome gets its {@code errorType}, whatever the capture point: the
 * provider's error type (else code) when its answer names one, else
 * {@code http_<status>}, else a stable name for the failure. The exception a client threw
 * is read for the same facts: the OpenAI SDK's service exceptions and Spring's
 * {@code RestClientResponseException} carry the provider's status and error body.
 *
 * @since 0.1.0
 */
public final class CallOutcomes {

	/** No answer in time: connect, read or call timeout. */
	public static final String TIMEOUT = "timeout";

	/** The provider refused the connection. */
	public static final String CONNECTION_REFUSED = "connection_refused";

	/** The provider's host name did not resolve. */
	public static final String UNKNOWN_HOST = "unknown_host";

	/** The TLS handshake or session failed. */
	public static final String TLS_ERROR = "tls_error";

	/** The answer broke off after it had started. */
	public static final String STREAM_CUT = "stream_cut";

	/** The call was cancelled. */
	public static final String CANCELLED = "cancelled";

	/** The answer could not be read: not JSON, cut inside an event, an empty body. */
	public static final String INVALID_RESPONSE = "invalid_response";

	/** The connection ended before any answer. */
	public static final String NO_RESPONSE = "no_response";

	/** Any other input or output failure. */
	public static final String IO_ERROR = "io_error";

	/** A 2xx answer that carries an error the provider gave no type. */
	public static final String PROVIDER_ERROR = "provider_error";

	/** A failure in the application rather than at the provider or on the way. */
	public static final String EXCEPTION = "exception";

	private static final boolean OPENAI_PRESENT = ClassUtils.isPresent("com.openai.errors.OpenAIServiceException",
			CallOutcomes.class.getClassLoader());

	private static final boolean SPRING_WEB_PRESENT = ClassUtils
		.isPresent("org.springframework.web.client.RestClientResponseException", CallOutcomes.class.getClassLoader());

	private static final Set<String> INVALID_DATA_TYPES = Set.of("com.fasterxml.jackson.core.JacksonException",
			"com.openai.errors.OpenAIInvalidDataException",
			"org.springframework.http.converter.HttpMessageNotReadableException");

	private static final ObjectMapper json = JsonMapper.builder().build();

	private CallOutcomes() {
	}

	/**
	 * The outcome of an answer whose status or body says it failed.
	 * @param httpStatus the answer's status, or {@code null}
	 * @param providerType the error type (else code) the body names, or {@code null}
	 * @param message the error message
	 * @return the outcome
	 */
	public static CallOutcome answered(@Nullable Integer httpStatus, @Nullable String providerType,
			@Nullable String message) {
		String type = (providerType != null) ? providerType
				: (httpStatus != null && httpStatus >= 400) ? "http_" + httpStatus : PROVIDER_ERROR;
		return CallOutcome.error(httpStatus, type, message);
	}

	/**
	 * The outcome of a call that failed with an exception.
	 * @param failure what the client threw
	 * @param answering whether the answer had started to arrive
	 * @return the outcome
	 */
	public static CallOutcome failed(Throwable failure, boolean answering) {
		return outcome(failure, answering).withException(failure);
	}

	private static CallOutcome outcome(Throwable failure, boolean answering) {
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (OPENAI_PRESENT && cause instanceof com.openai.errors.OpenAIServiceException service) {
				String type = OpenAiSupport.type(service);
				return answered(service.statusCode(), type, failure.getMessage());
			}
			if (SPRING_WEB_PRESENT && cause instanceof RestClientResponseException response) {
				int status = response.getStatusCode().value();
				return answered(status, errorType(response.getResponseBodyAsString()), failure.getMessage());
			}
		}
		return CallOutcome.error(null, failureType(failure, answering), failure.getMessage());
	}

	/**
	 * The stable name of a failure that carries no answer.
	 * @param failure the failure
	 * @param answering whether the answer had started to arrive
	 * @return the name
	 */
	private static String failureType(Throwable failure, boolean answering) {
		if (any(failure, InterruptedIOException.class, TimeoutException.class, HttpTimeoutException.class)) {
			return TIMEOUT;
		}
		if (any(failure, CancellationException.class)) {
			return CANCELLED;
		}
		if (any(failure, ConnectException.class)) {
			return CONNECTION_REFUSED;
		}
		if (any(failure, UnknownHostException.class)) {
			return UNKNOWN_HOST;
		}
		if (any(failure, SSLException.class)) {
			return TLS_ERROR;
		}
		if (invalidData(failure)) {
			return INVALID_RESPONSE;
		}
		if (any(failure, IOException.class)) {
			if (answering) {
				return STREAM_CUT;
			}
			return (any(failure, EOFException.class) || mentions(failure, "unexpected end of stream")) ? NO_RESPONSE
					: IO_ERROR;
		}
		return EXCEPTION;
	}

	/**
	 * Read the error type (else code) of an OpenAI-style error body, {@code {"error":
	 * {"type": ..., "code": ...}}}.
	 * @param body the body, or {@code null}
	 * @return the type, or {@code null} when the body names none
	 */
	private static @Nullable String errorType(@Nullable String body) {
		if (body == null || body.isBlank()) {
			return null;
		}
		try {
			JsonNode error = json.readTree(body).path("error");
			return error.isObject() ? errorType(error) : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * Read the type (else code) of an OpenAI-style error object.
	 * @param error the {@code error} object
	 * @return the type, or {@code null} when it names none
	 */
	public static @Nullable String errorType(JsonNode error) {
		String type = text(error.get("type"));
		return (type != null) ? type : text(error.get("code"));
	}

	private static @Nullable String text(@Nullable JsonNode value) {
		if (value == null || value.isNull()) {
			return null;
		}
		String text = value.isString() ? value.asString() : (value.isNumber() ? value.asString() : null);
		return (text != null && !text.isBlank()) ? text : null;
	}

	/**
	 * Whether a client could not read the answer: a JSON parser (Jackson 3, or Jackson 2
	 * as the OpenAI SDK uses) or a message converter failed on it.
	 * @param failure the failure
	 * @return {@code true} when the answer could not be read
	 */
	private static boolean invalidData(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			if (cause instanceof JacksonException) {
				return true;
			}
			for (Class<?> type = cause.getClass(); type != null; type = type.getSuperclass()) {
				if (INVALID_DATA_TYPES.contains(type.getName())) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean any(Throwable failure, Class<?>... types) {
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			for (Class<?> type : types) {
				if (type.isInstance(cause)) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean mentions(Throwable failure, String text) {
		for (Throwable cause = failure; cause != null; cause = next(cause)) {
			String message = cause.getMessage();
			if (message != null && message.toLowerCase(Locale.ROOT).contains(text)) {
				return true;
			}
		}
		return false;
	}

	private static @Nullable Throwable next(Throwable cause) {
		Throwable next = cause.getCause();
		return (next != cause) ? next : null;
	}

	/**
	 * Touches OpenAI types only when they are on the classpath.
	 */
	private static final class OpenAiSupport {

		static @Nullable String type(com.openai.errors.OpenAIServiceException service) {
			return service.type().or(service::code).filter((value) -> !value.isBlank()).orElse(null);
		}

	}

}
