package io.llmmonitor.proxy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The keys clients present to the proxy. Only digests of the keys are held, and a
 * presented key is looked up by its digest, so lookups take the same time whatever the
 * key.
 *
 * @since 0.1.0
 */
public final class ProxyKeys {

	/** No keys: clients' own authorization goes upstream. */
	public static final ProxyKeys NONE = new ProxyKeys(Map.of());

	private final Map<String, ProxyKey> byDigest = new HashMap<>();

	/**
	 * Hold the given keys.
	 * @param keys what each key clients present stands for
	 */
	public ProxyKeys(Map<String, ProxyKey> keys) {
		keys.forEach((key, value) -> {
			Assert.hasText(key, "A proxy key must not be empty");
			this.byDigest.put(digest(key), value);
		});
	}

	/**
	 * Whether no key is configured.
	 * @return {@code true} when clients need no proxy key
	 */
	public boolean isEmpty() {
		return this.byDigest.isEmpty();
	}

	/**
	 * Find what a presented key stands for.
	 * @param presented the key a client presented, or {@code null}
	 * @return the key, or {@code null} when it is not one of the configured keys
	 */
	public @Nullable ProxyKey find(@Nullable String presented) {
		return (presented != null && !presented.isEmpty()) ? this.byDigest.get(digest(presented)) : null;
	}

	/**
	 * Name a key without giving it away: the first 12 hex digits of its SHA-256 digest.
	 * @param key the key
	 * @return {@code sha256:} and the digits
	 */
	public static String fingerprint(String key) {
		return "sha256:" + digest(key).substring(0, 12);
	}

	private static String digest(String key) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(sha256.digest(key.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

}
