package io.llmmonitor.record;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * How a call ended. One failure has one {@code errorType} whatever the capture point: the
 * provider's error type or code when its answer names one, else {@code http_<status>},
 * else a stable name for the failure ({@code timeout}, {@code connection_refused},
 * {@code stream_cut}, {@code invalid_response}, ...).
 *
 * @param status success or error
 * @param httpStatus the HTTP status of the provider's answer, where known
 * @param errorType the type of the error
 * @param errorMessage the message of the error
 * @param exceptionClass the class of the exception the call failed with, if it did
 * @since 0.1.0
 */
public record CallOutcome(CallStatus status, @Nullable Integer httpStatus, @Nullable String errorType,
		@Nullable String errorMessage, @Nullable String exceptionClass) {

	public CallOutcome {
		Assert.notNull(status, "'status' must not be null");
		Assert.isTrue(status == CallStatus.ERROR || errorType == null, "A successful call has no error type");
	}

	/**
	 * The outcome of a call that got a readable answer.
	 * @param httpStatus the answer's HTTP status, or {@code null} when not known
	 * @return the outcome
	 */
	public static CallOutcome success(@Nullable Integer httpStatus) {
		return new CallOutcome(CallStatus.SUCCESS, httpStatus, null, null, null);
	}

	/**
	 * The outcome of a call that failed.
	 * @param httpStatus the answer's HTTP status, or {@code null} without one
	 * @param errorType the type of the error
	 * @param errorMessage the message of the error
	 * @return the outcome
	 */
	public static CallOutcome error(@Nullable Integer httpStatus, String errorType, @Nullable String errorMessage) {
		Assert.hasText(errorType, "'errorType' must not be empty");
		return new CallOutcome(CallStatus.ERROR, httpStatus, errorType, errorMessage, null);
	}

	/**
	 * Whether the call failed: the one definition of an error, used by the meters, the
	 * store and the endpoints.
	 * @return {@code true} for an error
	 */
	public boolean failed() {
		return this.status == CallStatus.ERROR;
	}

	/**
	 * Return a copy with another HTTP status.
	 * @param httpStatus the status
	 * @return the copy, or this outcome when the status is the same
	 */
	public CallOutcome withHttpStatus(@Nullable Integer httpStatus) {
		return Objects.equals(httpStatus, this.httpStatus) ? this
				: new CallOutcome(this.status, httpStatus, this.errorType, this.errorMessage, this.exceptionClass);
	}

	/**
	 * Return a copy naming the exception the call failed with.
	 * @param failure the exception
	 * @return the copy
	 */
	public CallOutcome withException(Throwable failure) {
		return new CallOutcome(this.status, this.httpStatus, this.errorType, this.errorMessage,
				failure.getClass().getName());
	}

	/**
	 * Return a copy with another error message.
	 * @param errorMessage the message
	 * @return the copy, or this outcome when the message is the same
	 */
	@SuppressWarnings("ReferenceEquality") // the same instance: nothing changed
	public CallOutcome withErrorMessage(@Nullable String errorMessage) {
		return (errorMessage == this.errorMessage) ? this
				: new CallOutcome(this.status, this.httpStatus, this.errorType, errorMessage, this.exceptionClass);
	}

}
