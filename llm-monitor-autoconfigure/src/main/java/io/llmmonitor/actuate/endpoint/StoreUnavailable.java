package io.llmmonitor.actuate.endpoint;

import io.llmmonitor.record.LlmCallRepository;
import io.llmmonitor.record.StoreNotReadyException;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.InvalidDataAccessResourceUsageException;

/**
 * Body of a 503 answer: the store cannot be read, and why (for missing tables, how to
 * create them).
 *
 * @param status the HTTP status
 * @param error the HTTP reason phrase
 * @param message what is wrong
 */
record StoreUnavailable(int status, String error, String message) implements OperationResponseBody {

	static final int STATUS = 503;

	static WebEndpointResponse<OperationResponseBody> response(LlmCallRepository repository, DataAccessException ex) {
		return new WebEndpointResponse<>(new StoreUnavailable(STATUS, "Service Unavailable", message(repository, ex)),
				STATUS);
	}

	private static String message(LlmCallRepository repository, DataAccessException ex) {
		if (ex instanceof StoreNotReadyException) {
			return String.valueOf(ex.getMessage());
		}
		if (ex instanceof InvalidDataAccessResourceUsageException) {
			try {
				repository.checkReady();
			}
			catch (StoreNotReadyException notReady) {
				return String.valueOf(notReady.getMessage());
			}
			catch (RuntimeException other) {
				// fall through to the failure itself
			}
		}
		Throwable cause = ex.getMostSpecificCause();
		return "llm-monitor's store cannot be read: " + cause.getClass().getSimpleName()
				+ ((cause.getMessage() != null) ? ": " + cause.getMessage().lines().findFirst().orElse("") : "");
	}

}
