package io.llmmonitor.http;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import org.jspecify.annotations.Nullable;

/**
 * {@link TokenEstimator} on jtokkit: the model's own encoding when jtokkit knows it,
 * {@code o200k_base} for OpenAI's newer families, {@code cl100k_base} otherwise (an
 * approximation for models of other vendors).
 *
 * @since 0.1.0
 */
public final class JtokkitTokenEstimator implements TokenEstimator {

	private final EncodingRegistry registry = Encodings.newLazyEncodingRegistry();

	private final Map<String, Encoding> byModel = new ConcurrentHashMap<>();

	@Override
	public long count(@Nullable String model, String text) {
		return encoding(model).countTokensOrdinary(text);
	}

	private Encoding encoding(@Nullable String model) {
		if (model == null) {
			return this.registry.getEncoding(EncodingType.CL100K_BASE);
		}
		Encoding cached = this.byModel.get(model);
		if (cached != null) {
			return cached;
		}
		Encoding encoding = this.registry.getEncodingForModel(model).orElseGet(() -> byFamily(model));
		if (this.byModel.size() < 1000) {
			this.byModel.put(model, encoding);
		}
		return encoding;
	}

	private Encoding byFamily(String model) {
		String name = model.toLowerCase(Locale.ROOT);
		int slash = name.lastIndexOf('/');
		if (slash >= 0) {
			name = name.substring(slash + 1);
		}
		boolean o200k = name.startsWith("gpt-4o") || name.startsWith("gpt-4.1") || name.startsWith("gpt-4.5")
				|| name.startsWith("gpt-5") || name.startsWith("chatgpt-") || name.startsWith("o1")
				|| name.startsWith("o3") || name.startsWith("o4") || name.startsWith("gpt-oss");
		return this.registry.getEncoding(o200k ? EncodingType.O200K_BASE : EncodingType.CL100K_BASE);
	}

}
