package io.llmmonitor.board;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCalls;
import io.llmmonitor.record.LlmMessage;
import io.llmmonitor.record.LlmToolCall;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The calls the board's browser tests look at: two hours of one call a minute from 09:00
 * UTC on 2026-11-22 over three models (one without a price), two projects, three users,
 * streams, errors, tags and attributes, and one thread of three turns.
 */
public final class BoardSeed {

	/** When the first call starts. */
	public static final Instant START = Instant.parse("2026-11-22T09:00:00Z");

	/** A window around every seeded call, as the board's URL gives it. */
	public static final String WINDOW = "from=2026-11-22T08:30:00Z&to=2026-11-22T11:30:00Z";

	/** Calls of the two hours, without the thread. */
	public static final int MINUTE_CALLS = 120;

	/** The thread's id. */
	public static final String THREAD = "t-lisbon";

	/** The thread's user messages, in order. */
	public static final List<String> THREAD_QUESTIONS = List.of("Plan a day in Lisbon.", "What is the weather there?",
			"Book a table for dinner.");

	private BoardSeed() {
	}

	/**
	 * Empty llm-monitor's tables.
	 * @param jdbc the store's template
	 */
	public static void clear(JdbcTemplate jdbc) {
		for (String table : List.of("llm_usage_hour", "llm_usage_day", "llm_call_tag", "llm_call_attribute",
				"llm_call")) {
			jdbc.update("DELETE FROM " + table);
		}
	}

	/**
	 * The seeded calls, oldest first.
	 * @return the calls
	 */
	public static List<LlmCall> calls() {
		List<LlmCall> calls = new ArrayList<>();
		for (int i = 0; i < MINUTE_CALLS; i++) {
			calls.add(minuteCall(i));
		}
		calls.addAll(thread());
		return calls;
	}

	private static LlmCall minuteCall(int i) {
		String model = switch (i % 6) {
			case 0, 3 -> "gpt-4o-mini-2024-07-18";
			case 2 -> "mystery-model";
			default -> "gpt-4o-2024-08-06";
		};
		LlmCalls.Builder call = LlmCalls.call(START.plus(Duration.ofMinutes(i)))
			.model(model)
			.requestedModel(model)
			.project((i % 2 == 0) ? "checkout" : "support")
			.userId("u-" + (i % 3))
			.latencyMs(300 + (i * 37L) % 2000)
			.attributes(Map.of("tenant", (i % 2 == 0) ? "acme" : "globex"))
			.tags((i % 5 == 0) ? List.of("beta") : List.of())
			.cachedTokens((i % 3 == 0) ? 4L : 0L)
			.reasoningTokens((i % 7 == 0) ? 3L : 0L)
			.costUsd("mystery-model".equals(model) ? null
					: new BigDecimal(model.startsWith("gpt-4o-mini") ? "0.0000063" : "0.000105"));
		if (i % 4 == 0) {
			call.streamed(true).timeToFirstTokenMs(100 + (i * 13L) % 400);
		}
		if (i % 10 == 9) {
			call.status("error")
				.httpStatus(429)
				.errorType("requests")
				.errorMessage("Rate limit reached for requests")
				.promptTokens(null)
				.completionTokens(null)
				.totalTokens(null)
				.cachedTokens(null)
				.reasoningTokens(null)
				.costUsd(null)
				.responseText(null);
		}
		return call.build();
	}

	private static List<LlmCall> thread() {
		List<String> answers = List.of("Morning in Alfama, lunch in Baixa, sunset at Belém.", "",
				"Booked: 20:00 at a tasca in Bairro Alto.");
		List<LlmCall> turns = new ArrayList<>();
		List<LlmMessage> history = new ArrayList<>(List.of(new LlmMessage("system", "You are a travel assistant.")));
		for (int turn = 0; turn < THREAD_QUESTIONS.size(); turn++) {
			history.add(new LlmMessage("user", THREAD_QUESTIONS.get(turn)));
			LlmCalls.Builder call = LlmCalls.call(START.plus(Duration.ofMinutes(30 + turn)).plusSeconds(10))
				.project("checkout")
				.userId("u-9")
				.threadId(THREAD)
				.attributes(Map.of("tenant", "acme"))
				.messages(List.copyOf(history))
				.promptTokens(40L + 30 * turn)
				.completionTokens(20L)
				.totalTokens(60L + 30 * turn)
				.costUsd(new BigDecimal("0.0003"));
			if (turn == 1) {
				call.toolCalls(List.of(new LlmToolCall("call_1", "get_weather", "{\"city\":\"Lisbon\"}")))
					.responseText("Sunny, 21 °C.");
				history.add(new LlmMessage("assistant", "Sunny, 21 °C."));
			}
			else {
				call.responseText(answers.get(turn));
				history.add(new LlmMessage("assistant", answers.get(turn)));
			}
			turns.add(call.build());
		}
		return turns;
	}

}
