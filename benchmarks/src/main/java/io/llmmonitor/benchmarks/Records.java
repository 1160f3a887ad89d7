package io.llmmonitor.benchmarks;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.llmmonitor.record.CallOperation;
import io.llmmonitor.record.CallOrigin;
import io.llmmonitor.record.CallOutcome;
import io.llmmonitor.record.CallRequest;
import io.llmmonitor.record.CallResponse;
import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.CallTiming;
import io.llmmonitor.record.CallTokens;
import io.llmmonitor.record.CallTrace;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallContext;
import io.llmmonitor.record.LlmCallIds;
import io.llmmonitor.record.LlmMessage;

/**
 * Realistic records: a few hundred characters of messages, three attributes, two tags, a
 * handful of models, projects and users, 2% errors, a third of chat calls streamed (with
 * a time to first token), spread over a time window.
 */
final class Records {

	static final List<String> MODELS = List.of("gpt-4o-mini-2024-07-18", "gpt-4o-2024-08-06", "o3-mini-2025-01-31",
			"gpt-4.1-2025-04-14", "text-embedding-3-small", "llama-3.3-70b-versatile");

	static final List<String> PROJECTS = List.of("checkout", "search", "support");

	private static final String SYSTEM = "You are a helpful assistant for an online shop. Answer briefly, cite the "
			+ "order number when there is one, and never reveal internal notes.";

	private static final String USER = "Where is my order 48213? It was supposed to arrive on Monday and the "
			+ "tracking page has not changed since Friday.";

	private static final String ANSWER = "Order 48213 left our warehouse on Friday and is with the carrier; the "
			+ "tracking page updates once it is scanned at the local depot, usually within a day.";

	private final SplittableRandom random;

	private final Instant end;

	private final long windowMillis;

	Records(long seed, Instant end, Duration window) {
		this.random = new SplittableRandom(seed);
		this.end = end;
		this.windowMillis = window.toMillis();
	}

	LlmCall next() {
		Instant startedAt = this.end.minusMillis(this.random.nextLong(this.windowMillis));
		return next(startedAt);
	}

	LlmCall next(Instant startedAt) {
		String model = MODELS.get(this.random.nextInt(MODELS.size()));
		boolean error = this.random.nextInt(50) == 0;
		long prompt = 50 + this.random.nextInt(2000);
		long completion = error ? 0 : 10 + this.random.nextInt(500);
		String id = LlmCallIds.next(startedAt);
		CallOutcome outcome = error ? CallOutcome.error(429, "rate_limit_exceeded", "Rate limit reached for requests")
				: CallOutcome.success(200);
		LlmCallContext context = new LlmCallContext(PROJECTS.get(this.random.nextInt(PROJECTS.size())),
				"thread-" + this.random.nextInt(100_000), "user-" + this.random.nextInt(1000), null,
				List.of("web", (this.random.nextBoolean() ? "beta" : "stable")),
				Map.of("tenant", "tenant-" + this.random.nextInt(50), "feature",
						(this.random.nextBoolean() ? "faq" : "orders"), "region", "eu-west-1"));
		boolean embedding = model.startsWith("text-embedding");
		boolean streamed = !embedding && this.random.nextInt(3) == 0;
		long latency = 200 + this.random.nextInt(4000);
		Long firstToken = streamed ? 80 + this.random.nextLong(latency / 2) : null;
		CallRequest request = new CallRequest(embedding ? CallOperation.EMBEDDING : CallOperation.CHAT,
				model.replaceAll("-\\d{4}-\\d{2}-\\d{2}$", ""), streamed, Map.of("temperature", 0.2, "maxTokens", 512),
				List.of(new LlmMessage("system", SYSTEM), new LlmMessage("user", USER)));
		CallResponse response = new CallResponse(model, "chatcmpl-" + Long.toHexString(this.random.nextLong()), 1,
				error ? null : "stop", List.of(), error ? null : ANSWER);
		CallTokens tokens = new CallTokens(prompt, completion, prompt + completion,
				(long) this.random.nextInt((int) prompt), null, null, false);
		return new LlmCall(id, new CallTiming(startedAt, latency, firstToken),
				new CallOrigin(CallSource.ADVISOR, model.startsWith("llama") ? "groq" : "openai"), context, request,
				response, tokens, BigDecimal.valueOf(prompt * 150 + completion * 600, 9), outcome, CallTrace.NONE,
				false);
	}

}
