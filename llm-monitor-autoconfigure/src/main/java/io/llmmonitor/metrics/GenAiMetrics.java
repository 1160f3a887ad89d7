package io.llmmonitor.metrics;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.llmmonitor.record.CallOperation;
import io.llmmonitor.record.CallOrigin;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallHandler;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Updates the OpenTelemetry GenAI semantic conventions' client meters for each finished
 * call, on the caller's thread, whichever capture point saw it.
 * <p>
 * Prometheus names: {@code gen_ai_client_operation_duration_seconds},
 * {@code gen_ai_client_token_usage} (with {@code gen_ai_token_type} {@code input} or
 * {@code output}), {@code gen_ai_client_operation_time_to_first_chunk_seconds} (streams
 * only), and {@code gen_ai_usage_cost_USD} (a summary of each priced call's cost, the
 * name LiteLLM's GenAI dashboard reads). Histogram buckets are the conventions'. Tags:
 * {@code gen_ai.operation.name}, {@code gen_ai.provider.name},
 * {@code gen_ai.request.model}, {@code gen_ai.response.model}, {@code server.address},
 * {@code server.port} and, on the duration of a failed call, {@code error.type} (empty
 * otherwise, which Prometheus treats as absent).
 *
 * @since 0.1.0
 */
public class GenAiMetrics implements LlmCallHandler {

	/** Duration of a call, seconds. */
	public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";

	/** Input and output tokens of a call, by {@code gen_ai.token.type}. */
	public static final String TOKEN_USAGE = "gen_ai.client.token.usage";

	/** Time to the first chunk of a streamed response, seconds. */
	public static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";

	/** Cost of a priced call, USD. */
	public static final String COST = "gen_ai.usage.cost";

	static final String OPERATION_NAME = "gen_ai.operation.name";

	static final String PROVIDER_NAME = "gen_ai.provider.name";

	static final String REQUEST_MODEL = "gen_ai.request.model";

	static final String RESPONSE_MODEL = "gen_ai.response.model";

	static final String SERVER_ADDRESS = "server.address";

	static final String SERVER_PORT = "server.port";

	static final String ERROR_TYPE = "error.type";

	static final String TOKEN_TYPE = "gen_ai.token.type";

	private static final Duration[] DURATION_BUCKETS = Arrays
		.stream(new double[] { 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92 })
		.mapToObj((seconds) -> Duration.ofMillis(Math.round(seconds * 1000)))
		.toArray(Duration[]::new);

	private static final double[] TOKEN_BUCKETS = { 1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576,
			4194304, 16777216, 67108864 };

	private static final int MAX_SERVERS = 1000;

	private static final Map<String, String> PROVIDER_NAMES = Map.of("azure", "azure.ai.openai", "gemini", "gcp.gemini",
			"mistral", "mistral_ai", "bedrock", "aws.bedrock", "xai", "x_ai");

	private final MeterRegistry registry;

	private final SafeTags safeTags;

	private final Map<Tags, CallMeters> meters = new ConcurrentHashMap<>();

	private final Map<String, Server> servers = new ConcurrentHashMap<>();

	/**
	 * Create the meters' owner.
	 * @param registry the registry
	 * @param maxTagValues most distinct values of one tag key; later values become
	 * {@code other}, counted in {@code llm.monitor.meter.tags.folded}
	 * @param redactor what tag values pass through before they reach a meter
	 */
	public GenAiMetrics(MeterRegistry registry, int maxTagValues, UnaryOperator<String> redactor) {
		Assert.notNull(registry, "'registry' must not be null");
		Assert.notNull(redactor, "'redactor' must not be null");
		Assert.isTrue(maxTagValues > 0, "'maxTagValues' must be positive");
		this.registry = registry;
		this.safeTags = new SafeTags(registry, maxTagValues, redactor);
	}

	@Override
	public void handle(LlmCall call) {
		Tags callTags = tags(call);
		CallMeters callMeters = this.meters.get(callTags);
		if (callMeters == null) {
			callMeters = this.meters.computeIfAbsent(this.safeTags.apply(callTags, true), this::register);
		}
		callMeters.duration.record(call.timing().latencyMs(), TimeUnit.MILLISECONDS);
		Long firstChunk = call.timing().timeToFirstTokenMs();
		if (firstChunk != null) {
			callMeters.timeToFirstChunk().record(firstChunk, TimeUnit.MILLISECONDS);
		}
		record(callMeters.inputTokens, call.tokens().promptTokens());
		record(callMeters.outputTokens, call.tokens().completionTokens());
		BigDecimal cost = call.costUsd();
		if (cost != null) {
			callMeters.cost.record(cost.doubleValue());
		}
	}

	/**
	 * The conventions' name of a provider.
	 * @param provider llm-monitor's name of it
	 * @return the value of {@code gen_ai.provider.name}
	 */
	public static String providerName(String provider) {
		return PROVIDER_NAMES.getOrDefault(provider, provider);
	}

	/**
	 * The conventions' name of an operation.
	 * @param operation the operation
	 * @return the value of {@code gen_ai.operation.name}
	 */
	public static String operationName(CallOperation operation) {
		return switch (operation) {
			case CHAT, RESPONSES -> "chat";
			case COMPLETION -> "text_completion";
			case EMBEDDING -> "embeddings";
		};
	}

	private static void record(DistributionSummary summary, @Nullable Long tokens) {
		if (tokens != null) {
			summary.record(tokens);
		}
	}

	private Tags tags(LlmCall call) {
		CallOrigin origin = call.origin();
		Server server = server(origin);
		String errorType = call.outcome().errorType();
		return Tags.of(Tag.of(OPERATION_NAME, operationName(call.request().operation())),
				Tag.of(PROVIDER_NAME, providerName(origin.provider())),
				Tag.of(REQUEST_MODEL, orEmpty(call.request().requestedModel())),
				Tag.of(RESPONSE_MODEL, orEmpty(call.response().model())), Tag.of(SERVER_ADDRESS, server.address()),
				Tag.of(SERVER_PORT, server.port()), Tag.of(ERROR_TYPE, (errorType != null) ? errorType : ""));
	}

	// The address and port of a base URL, parsed once: an application calls few upstreams
	private Server server(CallOrigin origin) {
		String baseUrl = origin.baseUrl();
		if (baseUrl == null) {
			return Server.NONE;
		}
		Server server = this.servers.get(baseUrl);
		if (server == null) {
			int port = origin.serverPort();
			server = new Server(orEmpty(origin.serverAddress()), (port != -1) ? Integer.toString(port) : "");
			if (this.servers.size() < MAX_SERVERS) {
				this.servers.put(baseUrl, server);
			}
		}
		return server;
	}

	private static String orEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

	private CallMeters register(Tags tags) {
		Tags usageTags = tags.and(ERROR_TYPE, "");
		return new CallMeters(this.registry, tags,
				Timer.builder(OPERATION_DURATION)
					.description("GenAI operation duration")
					.tags(tags)
					.serviceLevelObjectives(DURATION_BUCKETS)
					.register(this.registry),
				tokens(usageTags, "input"), tokens(usageTags, "output"),
				DistributionSummary.builder(COST)
					.description("Cost of GenAI operations")
					.baseUnit("USD")
					.tags(usageTags)
					.register(this.registry));
	}

	private DistributionSummary tokens(Tags tags, String type) {
		return DistributionSummary.builder(TOKEN_USAGE)
			.description("Measures number of input and output tokens used")
			.tags(tags)
			.tag(TOKEN_TYPE, type)
			.serviceLevelObjectives(TOKEN_BUCKETS)
			.register(this.registry);
	}

	/**
	 * The {@code server.address} and {@code server.port} of a base URL.
	 */
	private record Server(String address, String port) {

		static final Server NONE = new Server("", "");

	}

	/**
	 * The meters of one set of tags.
	 */
	private static final class CallMeters {

		private final MeterRegistry registry;

		private final Tags tags;

		final Timer duration;

		final DistributionSummary inputTokens;

		final DistributionSummary outputTokens;

		final DistributionSummary cost;

		private volatile @Nullable Timer timeToFirstChunk;

		CallMeters(MeterRegistry registry, Tags tags, Timer duration, DistributionSummary inputTokens,
				DistributionSummary outputTokens, DistributionSummary cost) {
			this.registry = registry;
			this.tags = tags;
			this.duration = duration;
			this.inputTokens = inputTokens;
			this.outputTokens = outputTokens;
			this.cost = cost;
		}

		// Registered with the first stream of these tags: non-streamed calls leave no
		// empty histogram.
		Timer timeToFirstChunk() {
			Timer timer = this.timeToFirstChunk;
			if (timer == null) {
				timer = Timer.builder(TIME_TO_FIRST_CHUNK)
					.description("Time to receive the first chunk of a streamed response")
					.tags(this.tags)
					.serviceLevelObjectives(DURATION_BUCKETS)
					.register(this.registry);
				this.timeToFirstChunk = timer;
			}
			return timer;
		}

	}

}
