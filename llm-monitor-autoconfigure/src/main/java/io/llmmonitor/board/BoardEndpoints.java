package io.llmmonitor.board;

import org.jspecify.annotations.Nullable;

/**
 * Where the board finds the endpoints it reads, as the actuator maps them.
 *
 * @param callsPath path of {@code llmcalls} in the application, or {@code null} when it
 * is not exposed over HTTP
 * @param usagePath path of {@code llmusage}, or {@code null} when it is not exposed
 * @param problem why the board cannot read them although they may be exposed (the
 * actuator on another port, say), or {@code null}
 * @since 0.1.0
 */
public record BoardEndpoints(@Nullable String callsPath, @Nullable String usagePath, @Nullable String problem) {

	/**
	 * What the board shows instead of data when it cannot read the endpoints.
	 * @return the notice, or {@code null} when both are readable
	 */
	public @Nullable String notice() {
		if (this.problem != null) {
			return this.problem;
		}
		if (this.callsPath == null || this.usagePath == null) {
			return "The board reads the llmcalls and llmusage actuator endpoints: expose them over HTTP with "
					+ "management.endpoints.web.exposure.include=llmcalls,llmusage";
		}
		return null;
	}

}
