package io.llmmonitor.capture;

import java.util.List;

/**
 * The secret patterns {@link ContentPolicy} redacts by default, and a quick scan for
 * their literal cues that spares the regular expression for the text of most calls.
 */
final class DefaultSecretPatterns {

	/**
	 * Patterns of secrets redacted by default: OpenAI and Anthropic keys ({@code sk-},
	 * {@code sk-ant-}), bearer tokens, AWS access keys and secret keys, Google API keys,
	 * GitHub and Slack tokens, JWTs, PEM private keys, and {@code api-key=},
	 * {@code password=} and {@code secret=} pairs.
	 */
	static final List<String> PATTERNS = List.of("sk-[A-Za-z0-9_\\-]{16,}", "(?i)bearer\\s+[A-Za-z0-9._~+/=\\-]{8,}",
			"(?:AKIA|ASIA)[0-9A-Z]{16}", "AIza[0-9A-Za-z_\\-]{35}",
			"(?i)(api[_-]?key[\"']?\\s*[:=]\\s*[\"']?)[A-Za-z0-9._\\-]{12,}",
			"(?i)aws_?secret_?(?:access_?)?key[\"']?\\s*[:=]\\s*[\"']?[A-Za-z0-9/+=]{40}", "gh[pousr]_[A-Za-z0-9]{30,}",
			"github_pat_[A-Za-z0-9_]{22,}", "xox[abposr]-[A-Za-z0-9-]{10,}",
			"eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}",
			"-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)",
			"(?i)(?:password|passwd|secret)[\"']?\\s*[:=]\\s*[\"']?[^\\s\"'&,;]{4,}");

	private DefaultSecretPatterns() {
	}

	/**
	 * Whether the text holds one of the literal starts of the default patterns
	 * ({@code sk-}, {@code AKIA}, {@code ASIA}, {@code AIza}, {@code gh},
	 * {@code github_pat_}, {@code xox}, {@code eyJ}, {@code -----BEGIN}, and in any case
	 * {@code bearer}, {@code passw}, {@code secret}, {@code apikey}, {@code api_key},
	 * {@code api-key}; AWS secret key pairs start with {@code secret}'s cue too, as
	 * {@code aws_secret_access_key}): a single pass that spares the regular expression
	 * for the text of most calls.
	 * @param text the text
	 * @return whether the text may hold a secret of the default patterns
	 */
	static boolean mayMatch(String text) {
		int length = text.length();
		for (int i = 0; i < length - 2; i++) {
			char c = text.charAt(i);
			if (c == 's' && text.startsWith("sk-", i)) {
				return true;
			}
			if (c == 'A' && (text.startsWith("AKIA", i) || text.startsWith("ASIA", i) || text.startsWith("AIza", i))) {
				return true;
			}
			if ((c == 'g' && (text.startsWith("gh", i) || text.startsWith("github_pat_", i)))
					|| (c == 'x' && text.startsWith("xox", i)) || (c == 'e' && text.startsWith("eyJ", i))
					|| (c == '-' && text.startsWith("-----BEGIN", i))) {
				return true;
			}
			char lower = (char) (c | 0x20);
			if (lower == 'b' && text.regionMatches(true, i, "bearer", 0, 6)) {
				return true;
			}
			if ((lower == 'p' && text.regionMatches(true, i, "passw", 0, 5))
					|| (lower == 's' && text.regionMatches(true, i, "secret", 0, 6))) {
				return true;
			}
			if (lower == 'a' && text.regionMatches(true, i, "api", 0, 3)) {
				int k = i + 3;
				if (k < length && (text.charAt(k) == '_' || text.charAt(k) == '-')) {
					k++;
				}
				if (text.regionMatches(true, k, "key", 0, 3)) {
					return true;
				}
			}
		}
		return false;
	}

}
