package io.llmmonitor.actuate.endpoint;

/**
 * A request parameter of an llm-monitor endpoint that cannot be used.
 */
class InvalidParameterException extends RuntimeException {

	private final String parameter;

	private final String message;

	InvalidParameterException(String parameter, String message) {
		super("Invalid parameter '" + parameter + "': " + message);
		this.parameter = parameter;
		this.message = "Invalid parameter '" + parameter + "': " + message;
	}

	@Override
	public String getMessage() {
		return this.message;
	}

	String parameter() {
		return this.parameter;
	}

}
