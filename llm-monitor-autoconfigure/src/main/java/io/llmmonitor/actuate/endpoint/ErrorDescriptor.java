package io.llmmonitor.actuate.endpoint;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;

/**
 * Body of a 400 answer: which parameter was wrong and why.
 *
 * @param status the HTTP status
 * @param error the HTTP reason phrase
 * @param parameter the parameter
 * @param message what is wrong with it
 */
record ErrorDescriptor(int status, String error, String parameter, String message) implements OperationResponseBody {

	static ErrorDescriptor of(InvalidParameterException ex) {
		return new ErrorDescriptor(400, "Bad Request", ex.parameter(), ex.getMessage());
	}

}
