package io.llmmonitor.actuate.endpoint;

/**
 * A request parameter of an llm-monitor endpoint that cannot be used.
 */
class InvalidParameterException extends RuntimeException {

	private final String parameter;

	InvalidParameterException(String parameter, String message) {
		super("Invalid parameter '" + parameter + "': " + message);
		this.parameter = parameter;
	}

	String parameter() {
		return this.parameter;
	}

}
