package io.llmmonitor.record;

import org.springframework.util.Assert;

/**
 * Where a call was seen, and who served it.
 *
 * @param source the capture point that saw the call
 * @param provider the provider that served it ({@code openai}, {@code ollama}, ...)
 * @since 0.1.0
 */
public record CallOrigin(CallSource source, String provider) {

	/** Provider of a call whose provider is not known. */
	public static final String UNKNOWN_PROVIDER = "unknown";

	public CallOrigin {
		Assert.notNull(source, "'source' must not be null");
		Assert.hasText(provider, "'provider' must not be empty");
	}

}
