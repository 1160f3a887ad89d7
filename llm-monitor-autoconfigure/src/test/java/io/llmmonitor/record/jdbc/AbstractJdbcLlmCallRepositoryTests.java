package io.llmmonitor.record.jdbc;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.CallStatus;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallFilter;
import io.llmmonitor.record.LlmCallIds;
import io.llmmonitor.record.LlmCallPage;
import io.llmmonitor.record.LlmCalls;
import io.llmmonitor.record.LlmMessage;
import io.llmmonitor.record.LlmToolCall;
import io.llmmonitor.record.LlmUsage;
import io.llmmonitor.record.LlmUsageGrouping;
import io.llmmonitor.record.LlmUsageViews;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JdbcLlmCallRepository} against a real database; one short subclass per database.
 */
abstract class AbstractJdbcLlmCallRepositoryTests {

	static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

	JdbcLlmCallRepository repository;

	JdbcTemplate jdbc;

	abstract DataSource dataSource();

	abstract String platform();

	@BeforeEach
	void createSchema() {
		DataSource dataSource = dataSource();
		ResourceDatabasePopulator populator = new ResourceDatabasePopulator(
				new ClassPathResource("io/llmmonitor/record/schema-drop-" + platform() + ".sql"),
				new ClassPathResource("io/llmmonitor/record/schema-" + platform() + ".sql"));
		populator.execute(dataSource);
		this.repository = new JdbcLlmCallRepository(dataSource, SqlDialect.of(dataSource));
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/**
	 * Two application instances (or two writer threads) writing to one database add to
	 * the same hourly rollup rows, and each round starts a new hour, so both also try to
	 * create them: whatever order their batches hold the rows in, neither transaction may
	 * deadlock the other or fail on a row the other created, or its batch would be lost.
	 */
	@Test
	void writersSharingTheDatabaseKeepEveryRollup() throws Exception {
		List<String> models = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			models.add("model-" + i);
		}
		List<String> reversed = new ArrayList<>(models);
		Collections.reverse(reversed);
		int rounds = 25;
		ExecutorService instances = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < rounds; round++) {
				Instant hour = NOW.plus(round, ChronoUnit.HOURS);
				CyclicBarrier together = new CyclicBarrier(2);
				Future<?> first = instances.submit(() -> save(hour, models, together));
				Future<?> second = instances.submit(() -> save(hour, reversed, together));
				first.get(30, TimeUnit.SECONDS);
				second.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			instances.shutdownNow();
		}
		long calls = 2L * rounds * models.size();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM llm_call", Long.class)).isEqualTo(calls);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM llm_usage_hour", Long.class))
			.isEqualTo((long) rounds * models.size());
		assertThat(this.jdbc.queryForObject("SELECT SUM(requests) FROM llm_usage_hour", Long.class)).isEqualTo(calls);
		assertThat(this.jdbc.queryForObject("SELECT SUM(requests) FROM llm_usage_day", Long.class)).isEqualTo(calls);
	}

	/**
	 * The writer thread purges old records while other threads save new ones; with only
	 * old rows in the tables, the purge's range locks cover where the new rows go. Each
	 * round starts from old rows only, and the last round's calls are the ones left.
	 * Neither may deadlock the other: a failed save would lose its batch.
	 */
	@Test
	void purgeWhileWritersSaveLosesNoNewCall() throws Exception {
		int rounds = 20;
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < rounds; round++) {
				List<LlmCall> old = new ArrayList<>();
				List<LlmCall> recent = new ArrayList<>();
				for (int i = 0; i < 20; i++) {
					old.add(LlmCalls.call(NOW.minus(Duration.ofDays(40)).plusSeconds(i))
						.model("model-" + i)
						.tags(List.of("old"))
						.attributes(Map.of("feature", "old"))
						.build());
					recent.add(LlmCalls.call(NOW.plus(round, ChronoUnit.HOURS).plusSeconds(i))
						.model("model-" + i)
						.tags(List.of("new"))
						.attributes(Map.of("feature", "new"))
						.build());
				}
				for (String table : List.of("llm_call", "llm_call_tag", "llm_call_attribute", "llm_usage_hour",
						"llm_usage_day")) {
					this.jdbc.update("DELETE FROM " + table);
				}
				this.repository.saveAll(old);
				CyclicBarrier together = new CyclicBarrier(2);
				Future<?> save = threads.submit(() -> {
					together.await(10, TimeUnit.SECONDS);
					this.repository.saveAll(recent);
					return null;
				});
				Future<Integer> purge = threads.submit(() -> {
					together.await(10, TimeUnit.SECONDS);
					return this.repository.deleteStartedBefore(NOW.minus(Duration.ofDays(30)));
				});
				save.get(30, TimeUnit.SECONDS);
				assertThat(purge.get(30, TimeUnit.SECONDS)).isEqualTo(20);
			}
		}
		finally {
			threads.shutdownNow();
		}
		long calls = 20L;
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM llm_call", Long.class)).isEqualTo(calls);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM llm_call_tag WHERE tag = 'new'", Long.class))
			.isEqualTo(calls);
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM llm_call_attribute", Long.class)).isEqualTo(calls);
		assertThat(this.jdbc.queryForObject("SELECT SUM(requests) FROM llm_usage_hour", Long.class)).isEqualTo(calls);
		assertThat(this.jdbc.queryForObject("SELECT SUM(requests) FROM llm_usage_day", Long.class)).isEqualTo(calls);
	}

	private Void save(Instant hour, List<String> models, CyclicBarrier together) throws Exception {
		List<LlmCall> batch = new ArrayList<>();
		for (String model : models) {
			batch.add(LlmCalls.call(hour).model(model).build());
		}
		together.await(10, TimeUnit.SECONDS);
		this.repository.saveAll(batch);
		return null;
	}

	@Test
	void savedCallIsReadBackWhole() {
		LlmCall call = LlmCalls.call(NOW)
			.baseUrl("https://example-resource.openai.azure.com/openai/deployments/gpt-4o")
			.proxyKey("team-a")
			.environment("staging")
			.timeToFirstTokenMs(120L)
			.streamed(true)
			.modelRequests(3)
			.cacheWriteTokens(2L)
			.cacheWrite1hTokens(1L)
			.costSplit(new BigDecimal("0.000075"), new BigDecimal("0.00003"))
			.tokensEstimated(true)
			.status("error")
			.httpStatus(502)
			.errorType("stream_cut")
			.errorMessage("the response broke off: unexpected end of stream")
			.exceptionClass("java.io.EOFException")
			.toolCalls(List.of(new LlmToolCall("call_1", "get_weather", "{\"city\":\"Edinburgh\"}")))
			.threadId("t-1")
			.userId("u-1")
			.clientId("c-1")
			.traceId("4bf92f3577b34da6a3ce929d0e0e4736")
			.spanId("00f067aa0ba902b7")
			.tags(List.of("beta", "faq"))
			.attributes(Map.of("tenant", "acme", "feature", "search"))
			.contentTruncated(true)
			.build();

		this.repository.saveAll(List.of(call));

		LlmCall read = this.repository.findById(call.id()).orElseThrow();
		assertThat(read).usingRecursiveComparison()
			.ignoringFields("costUsd", "inputCostUsd", "outputCostUsd", "tags", "startedAt")
			.isEqualTo(call);
		assertThat(read.inputCostUsd()).isEqualByComparingTo("0.000075");
		assertThat(read.outputCostUsd()).isEqualByComparingTo("0.00003");
		assertThat(read.timing().startedAt()).isEqualTo(call.timing().startedAt());
		assertThat(read.costUsd()).isEqualByComparingTo("0.000105");
		assertThat(read.context().tags()).containsExactlyInAnyOrder("beta", "faq");
	}

	@Test
	void textWithControlCharactersAndBackslashesIsReadBackUnchanged() {
		String awkward = "tab\there, line\nbreak, return\r, back\\slash, \\N, \\t, quote \" ' and caf\u00e9 \uD83D\uDE00";
		LlmCall call = LlmCalls.call(NOW)
			.messages(List.of(new LlmMessage("user", awkward)))
			.responseText(awkward)
			.errorMessage(awkward)
			.threadId("thread\t1")
			.tags(List.of("tag\\with\nbreak"))
			.attributes(Map.of("note", awkward))
			.build();

		this.repository.saveAll(List.of(call));

		LlmCall read = this.repository.findById(call.id()).orElseThrow();
		assertThat(read.request().messages()).extracting(LlmMessage::content).containsExactly(awkward);
		assertThat(read.response().responseText()).isEqualTo(awkward);
		assertThat(read.outcome().errorMessage()).isEqualTo(awkward);
		assertThat(read.context().threadId()).isEqualTo("thread\t1");
		assertThat(read.context().tags()).containsExactly("tag\\with\nbreak");
		assertThat(read.context().attributes()).containsEntry("note", awkward);
		assertThat(read.timing().timeToFirstTokenMs()).isNull();
		assertThat(read.outcome().httpStatus()).isNull();
	}

	@Test
	void unknownIdIsEmpty() {
		assertThat(this.repository.findById(LlmCallIds.next(NOW))).isEmpty();
	}

	@Test
	void listOmitsContent() {
		LlmCall call = LlmCalls.call(NOW).build();
		this.repository.saveAll(List.of(call));

		LlmCall listed = this.repository.find(LlmCallFilter.ALL, 10, null).calls().get(0);

		assertThat(listed.request().messages()).isEmpty();
		assertThat(listed.response().responseText()).isNull();
		assertThat(listed.id()).isEqualTo(call.id());
	}

	@Test
	void pagesAreNewestFirstAndFollowTheCursor() {
		List<LlmCall> calls = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			calls.add(LlmCalls.call(NOW.plusSeconds(i)).build());
		}
		this.repository.saveAll(calls);

		LlmCallPage first = this.repository.find(LlmCallFilter.ALL, 2, null);
		LlmCallPage second = this.repository.find(LlmCallFilter.ALL, 2, first.next());
		LlmCallPage third = this.repository.find(LlmCallFilter.ALL, 2, second.next());

		assertThat(first.calls()).extracting(LlmCall::id).containsExactly(calls.get(4).id(), calls.get(3).id());
		assertThat(second.calls()).extracting(LlmCall::id).containsExactly(calls.get(2).id(), calls.get(1).id());
		assertThat(third.calls()).extracting(LlmCall::id).containsExactly(calls.get(0).id());
		assertThat(third.next()).isNull();
	}

	/**
	 * Ids are ordered by when they were made, which for calls recorded late (a stream
	 * that ends after a later call, a second application instance) is not when the call
	 * started: pages follow the start, and a window with a cursor keeps to the window.
	 */
	@Test
	void pagesFollowTheStartOfCallsWhateverTheirIdsAndWithinAWindow() {
		List<LlmCall> calls = new ArrayList<>();
		for (int i = 5; i >= 0; i--) {
			calls.add(LlmCalls.call(NOW.plusSeconds(i)).build());
		}
		LlmCall sameStart = LlmCalls.call(NOW.plusSeconds(3)).build();
		calls.add(sameStart);
		this.repository.saveAll(calls);
		LlmCallFilter window = filter().window(NOW.plusSeconds(1), NOW.plusSeconds(5)).build();

		LlmCallPage first = this.repository.find(window, 2, null);
		LlmCallPage second = this.repository.find(window, 2, first.next());
		LlmCallPage third = this.repository.find(window, 2, second.next());

		assertThat(first.calls()).extracting(LlmCall::id).containsExactly(calls.get(1).id(), sameStart.id());
		assertThat(second.calls()).extracting(LlmCall::id).containsExactly(calls.get(2).id(), calls.get(3).id());
		assertThat(third.calls()).extracting(LlmCall::id).containsExactly(calls.get(4).id());
		assertThat(third.next()).isNull();
		assertThat(this.repository.find(window, 2, LlmCallIds.next(NOW)).calls()).as("an unknown cursor").isEmpty();
	}

	@Test
	void filtersSelectMatchingCalls() {
		LlmCall a = LlmCalls.call(NOW)
			.project("billing")
			.threadId("t-1")
			.userId("u-1")
			.tags(List.of("beta"))
			.attributes(Map.of("tenant", "acme"))
			.build();
		LlmCall b = LlmCalls.call(NOW.plusSeconds(60))
			.provider("ollama")
			.model(null)
			.requestedModel("llama3.2")
			.operation("embedding")
			.status("error")
			.attributes(Map.of("tenant", "globex"))
			.build();
		LlmCall c = LlmCalls.call(NOW.plusSeconds(120)).model("gpt-4o-mini-2024-07-18").build();
		this.repository.saveAll(List.of(a, b, c));

		assertThat(ids(filter().project("billing"))).containsExactly(a.id());
		assertThat(ids(filter().model("llama3.2"))).containsExactly(b.id());
		assertThat(ids(filter().model("gpt-4o-mini-2024-07-18"))).containsExactly(c.id());
		assertThat(ids(filter().provider("ollama"))).containsExactly(b.id());
		assertThat(ids(filter().operation("embedding"))).containsExactly(b.id());
		assertThat(ids(filter().status("error"))).containsExactly(b.id());
		assertThat(ids(filter().threadId("t-1"))).containsExactly(a.id());
		assertThat(ids(filter().userId("u-1"))).containsExactly(a.id());
		assertThat(ids(filter().tag("beta"))).containsExactly(a.id());
		assertThat(ids(filter().attribute("tenant", "globex"))).containsExactly(b.id());
		assertThat(ids(filter().window(NOW.plusSeconds(30), NOW.plusSeconds(120)))).containsExactly(b.id());
		assertThat(ids(filter().project("billing").status("error"))).isEmpty();
	}

	@Test
	void usageIsGroupedAndSummed() {
		List<LlmCall> calls = new ArrayList<>();
		for (int i = 1; i <= 100; i++) {
			calls
				.add(LlmCalls.call(NOW.plusSeconds(i)).latencyMs(i * 10L).attributes(Map.of("tenant", "acme")).build());
		}
		calls.add(LlmCalls.call(NOW).model("mystery-model").costUsd(null).build());
		calls.add(LlmCalls.call(NOW)
			.status("error")
			.promptTokens(null)
			.completionTokens(null)
			.totalTokens(null)
			.costUsd(null)
			.build());
		this.repository.saveAll(calls);

		List<LlmUsage> byModel = this.repository.usage(LlmCallFilter.ALL,
				LlmUsageGrouping.by(LlmUsageGrouping.Dimension.MODEL), null);

		assertThat(byModel).extracting(LlmUsage::key).containsExactly("gpt-4o-2024-08-06", "mystery-model");
		LlmUsage gpt4o = byModel.get(0);
		assertThat(gpt4o.requests()).isEqualTo(101);
		assertThat(gpt4o.errors()).isEqualTo(1);
		assertThat(gpt4o.promptTokens()).isEqualTo(1400);
		assertThat(gpt4o.completionTokens()).isEqualTo(700);
		assertThat(gpt4o.totalTokens()).isEqualTo(2100);
		assertThat(gpt4o.costUsd()).isEqualByComparingTo(new BigDecimal("0.0105"));
		assertThat(gpt4o.unpricedRequests()).isZero();
		assertThat(byModel.get(1).unpricedRequests()).isEqualTo(1);
		assertThat(gpt4o.latencyP50Ms()).isBetween(490.0, 510.0);
		assertThat(gpt4o.latencyP99Ms()).isBetween(980.0, 1000.0);
		// estimates inside a bucket are given to a tenth of a millisecond, no finer
		assertThat(List.of(gpt4o.latencyP50Ms(), gpt4o.latencyP95Ms(), gpt4o.latencyP99Ms()))
			.allSatisfy((millis) -> assertThat(millis * 10).isEqualTo(Math.rint(millis * 10)));

		List<LlmUsage> byTenant = this.repository.usage(LlmCallFilter.ALL, LlmUsageGrouping.byAttribute("tenant"),
				null);
		assertThat(byTenant).extracting(LlmUsage::key, LlmUsage::requests)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("acme", 100L),
					org.assertj.core.groups.Tuple.tuple("none", 2L));
	}

	@Test
	void usageIsBucketedInTime() {
		Instant hour = NOW.truncatedTo(ChronoUnit.HOURS);
		this.repository.saveAll(List.of(LlmCalls.call(hour.plusSeconds(10)).build(),
				LlmCalls.call(hour.plusSeconds(20)).build(), LlmCalls.call(hour.plusSeconds(3700)).build()));

		List<LlmUsage> buckets = this.repository.usage(LlmCallFilter.ALL,
				LlmUsageGrouping.by(LlmUsageGrouping.Dimension.PROVIDER), Duration.ofHours(1));

		assertThat(buckets).extracting(LlmUsage::bucketStart, LlmUsage::requests)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(hour, 2L),
					org.assertj.core.groups.Tuple.tuple(hour.plusSeconds(3600), 1L));
	}

	@Test
	void bucketsOfCallsAndOfRollupsStartAtTheirUtcBoundaries() {
		Instant hour = NOW.truncatedTo(ChronoUnit.HOURS);
		List<LlmCall> calls = new ArrayList<>();
		for (int i = 0; i < 120; i++) {
			calls.add(LlmCalls.call(hour.minusSeconds(5400).plusMillis(i * 97_123L)).build());
		}
		this.repository.saveAll(calls);
		LlmUsageGrouping byModel = LlmUsageGrouping.by(LlmUsageGrouping.Dimension.MODEL);
		Instant from = hour.minusSeconds(5000);
		Instant to = hour.plusSeconds(5000);
		List<LlmCall> inWindow = startedWithin(calls, from, to);

		// hourly buckets: the partial first and last hours from calls, the whole hour
		// from rollups
		List<LlmUsage> hourly = this.repository.usage(LlmCallFilter.ALL.withWindow(from, to), byModel,
				Duration.ofHours(1));
		// quarter hours: from calls only
		List<LlmUsage> quarters = this.repository.usage(LlmCallFilter.ALL.withWindow(from, to), byModel,
				Duration.ofMinutes(15));

		assertThat(hourly).extracting(LlmUsage::bucketStart, LlmUsage::requests)
			.containsExactlyElementsOf(countsPerBucket(inWindow, Duration.ofHours(1)));
		assertThat(quarters).extracting(LlmUsage::bucketStart, LlmUsage::requests)
			.containsExactlyElementsOf(countsPerBucket(inWindow, Duration.ofMinutes(15)));
	}

	private static List<LlmCall> startedWithin(List<LlmCall> calls, Instant from, Instant to) {
		return calls.stream()
			.filter((call) -> !call.timing().startedAt().isBefore(from) && call.timing().startedAt().isBefore(to))
			.toList();
	}

	private static List<org.assertj.core.groups.Tuple> countsPerBucket(List<LlmCall> calls, Duration bucket) {
		Map<Instant, Long> counts = new java.util.TreeMap<>();
		for (LlmCall call : calls) {
			long start = Math.floorDiv(call.timing().startedAt().getEpochSecond(), bucket.toSeconds())
					* bucket.toSeconds();
			counts.merge(Instant.ofEpochSecond(start), 1L, Long::sum);
		}
		return counts.entrySet()
			.stream()
			.map((entry) -> org.assertj.core.groups.Tuple.tuple(entry.getKey(), entry.getValue()))
			.toList();
	}

	@Test
	void usageOverWholeHoursFromRollupsMatchesUsageFromCalls() {
		Instant hour = NOW.truncatedTo(ChronoUnit.HOURS);
		List<LlmCall> calls = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			calls.add(LlmCalls.call(hour.minusSeconds(7200).plusSeconds(i * 31L))
				.model((i % 3 == 0) ? "gpt-4o-mini-2024-07-18" : "gpt-4o-2024-08-06")
				.latencyMs(100 + i * 7L)
				.status((i % 10 == 0) ? "error" : "success")
				.build());
		}
		this.repository.saveAll(calls.subList(0, 150));
		this.repository.saveAll(calls.subList(150, 300));
		LlmUsageGrouping byModel = LlmUsageGrouping.by(LlmUsageGrouping.Dimension.MODEL);

		// the window starts and ends inside hours: its edges are read from calls, the
		// whole hour from rollups
		Instant from = hour.minusSeconds(7000);
		Instant to = hour.plusSeconds(1000);
		List<LlmUsage> usage = this.repository.usage(LlmCallFilter.ALL.withWindow(from, to), byModel, null);

		List<LlmCall> inWindow = startedWithin(calls, from, to);
		assertThat(usage).extracting(LlmUsage::key, LlmUsage::requests, LlmUsage::errors, LlmUsage::promptTokens)
			.containsExactly(expected(inWindow, "gpt-4o-2024-08-06"), expected(inWindow, "gpt-4o-mini-2024-07-18"));
		assertThat(usage.get(0).costUsd()).isPositive();
		assertThat(usage.get(0).latencyP50Ms()).isBetween(100.0, 100.0 + 300 * 7);
		assertThat(usage.get(0).latencyP99Ms()).isGreaterThan(usage.get(0).latencyP50Ms());
	}

	@Test
	void timeToFirstTokenPercentilesOfCallsAndOfRollupsAreWithinTenPercent() {
		Instant hour = NOW.truncatedTo(ChronoUnit.HOURS);
		List<LlmCall> calls = new ArrayList<>();
		String[] sources = { "advisor", "http", "proxy" };
		for (int i = 0; i < 360; i++) {
			boolean streamed = i % 2 == 0;
			calls.add(LlmCalls.call(hour.minusSeconds(7200).plusSeconds(i * 29L))
				.source(sources[i % 3])
				.streamed(streamed)
				.timeToFirstTokenMs(streamed ? 150 + (i * 37L) % 900 : null)
				.latencyMs(400 + (i * 53L) % 4000)
				.build());
		}
		this.repository.saveAll(calls);
		LlmUsageGrouping all = LlmUsageGrouping.by(LlmUsageGrouping.Dimension.NONE);

		// two whole hours from the rollups, and a window whose edges come from the calls
		for (Instant[] window : new Instant[][] { { hour.minusSeconds(7200), hour },
				{ hour.minusSeconds(6000), hour.plusSeconds(1000) } }) {
			List<LlmCall> inWindow = startedWithin(calls, window[0], window[1]);
			List<LlmUsage> usage = this.repository.usage(LlmCallFilter.ALL.withWindow(window[0], window[1]), all, null);
			assertThat(usage).singleElement().satisfies((total) -> {
				assertThat(total.key()).isEqualTo("all");
				assertThat(total.requests()).isEqualTo(inWindow.size());
				assertWithinTenPercent(total.timeToFirstTokenP50Ms(), exact(inWindow, 0.5, true));
				assertWithinTenPercent(total.timeToFirstTokenP95Ms(), exact(inWindow, 0.95, true));
				assertWithinTenPercent(total.latencyP50Ms(), exact(inWindow, 0.5, false));
				assertWithinTenPercent(total.latencyP95Ms(), exact(inWindow, 0.95, false));
			});
		}
	}

	@Test
	void usageIsGroupedAndFilteredBySourceInCallsAndRollups() {
		Instant hour = NOW.truncatedTo(ChronoUnit.HOURS);
		List<LlmCall> calls = new ArrayList<>();
		for (int i = 0; i < 90; i++) {
			calls.add(LlmCalls.call(hour.minusSeconds(3600).plusSeconds(i * 50L))
				.source((i % 3 == 0) ? "proxy" : "http")
				.build());
		}
		this.repository.saveAll(calls);
		LlmUsageGrouping bySource = LlmUsageGrouping.by(LlmUsageGrouping.Dimension.SOURCE);

		for (Instant from : new Instant[] { hour.minusSeconds(3600), hour.minusSeconds(3000) }) {
			LlmCallFilter window = LlmCallFilter.ALL.withWindow(from, hour.plusSeconds(3600));
			List<LlmCall> inWindow = startedWithin(calls, from, hour.plusSeconds(3600));
			long proxied = inWindow.stream().filter((call) -> call.origin().source() == CallSource.PROXY).count();
			assertThat(this.repository.usage(window, bySource, null)).extracting(LlmUsage::key, LlmUsage::requests)
				.containsExactly(org.assertj.core.groups.Tuple.tuple("http", inWindow.size() - proxied),
						org.assertj.core.groups.Tuple.tuple("proxy", proxied));
			LlmCallFilter proxyOnly = filter().source("proxy").window(from, hour.plusSeconds(3600)).build();
			assertThat(this.repository.usage(proxyOnly, LlmUsageGrouping.by(LlmUsageGrouping.Dimension.NONE), null))
				.extracting(LlmUsage::requests)
				.containsExactly(proxied);
			assertThat(this.repository.find(proxyOnly, 1000, null).calls()).hasSize((int) proxied);
		}
	}

	private static double exact(List<LlmCall> calls, double quantile, boolean firstToken) {
		List<Long> values = calls.stream()
			.map((call) -> firstToken ? call.timing().timeToFirstTokenMs() : (Long) call.timing().latencyMs())
			.filter(java.util.Objects::nonNull)
			.sorted()
			.toList();
		double position = quantile * (values.size() - 1);
		int index = (int) position;
		double next = values.get(Math.min(index + 1, values.size() - 1));
		return values.get(index) + (position - index) * (next - values.get(index));
	}

	private static void assertWithinTenPercent(Double actual, double exact) {
		assertThat(actual).isNotNull();
		assertThat(actual).isBetween(exact * 0.9, exact * 1.1);
	}

	@Test
	void usageOverWholeDaysFromDailyRollupsMatchesUsageFromCalls() {
		Instant day = NOW.truncatedTo(ChronoUnit.DAYS);
		List<LlmCall> calls = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			calls.add(LlmCalls.call(day.minus(Duration.ofDays(3)).plusSeconds(i * 997L))
				.model((i % 4 == 0) ? "gpt-4o-mini-2024-07-18" : "gpt-4o-2024-08-06")
				.latencyMs(100 + i * 5L)
				.status((i % 9 == 0) ? "error" : "success")
				.build());
		}
		this.repository.saveAll(calls.subList(0, 200));
		this.repository.saveAll(calls.subList(200, 400));
		LlmUsageGrouping byModel = LlmUsageGrouping.by(LlmUsageGrouping.Dimension.MODEL);

		// from inside an hour of the first day to inside an hour of the last: calls, then
		// hourly rollups, then whole days, then hourly rollups and calls again
		Instant from = day.minus(Duration.ofDays(3)).plusSeconds(5 * 3600 + 1234);
		Instant to = day.minus(Duration.ofDays(1)).plusSeconds(7 * 3600 + 321);
		List<LlmUsage> usage = this.repository.usage(LlmCallFilter.ALL.withWindow(from, to), byModel, null);
		List<LlmUsage> daily = this.repository.usage(LlmCallFilter.ALL.withWindow(from, to), byModel,
				Duration.ofDays(1));

		List<LlmCall> inWindow = startedWithin(calls, from, to);
		assertThat(usage).extracting(LlmUsage::key, LlmUsage::requests, LlmUsage::errors, LlmUsage::promptTokens)
			.containsExactly(expected(inWindow, "gpt-4o-2024-08-06"), expected(inWindow, "gpt-4o-mini-2024-07-18"));
		assertThat(daily).extracting(LlmUsage::bucketStart)
			.containsOnly(day.minus(Duration.ofDays(3)), day.minus(Duration.ofDays(2)), day.minus(Duration.ofDays(1)));
		for (LlmUsage bucket : daily) {
			List<LlmCall> inBucket = inWindow.stream()
				.filter((call) -> call.timing().startedAt().truncatedTo(ChronoUnit.DAYS).equals(bucket.bucketStart()))
				.toList();
			assertThat(org.assertj.core.groups.Tuple.tuple(bucket.key(), bucket.requests(), bucket.errors(),
					bucket.promptTokens()))
				.isEqualTo(expected(inBucket, bucket.key()));
		}
		long dayModels = calls.stream()
			.map((call) -> call.timing().startedAt().truncatedTo(ChronoUnit.DAYS) + call.response().model())
			.distinct()
			.count();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM llm_usage_day", Long.class)).isEqualTo(dayModels);
	}

	/**
	 * The board's one request: the four views summed from one read equal four reads, over
	 * a window that starts and ends inside an hour, with hourly buckets (rollups and
	 * calls) and with quarter-hour buckets (calls only).
	 */
	@Test
	void usageViewsEqualFourReadsOfUsage() {
		List<LlmCall> calls = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			calls.add(LlmCalls.call(NOW.minus(Duration.ofHours(30)).plusSeconds(i * 397L))
				.model((i % 3 == 0) ? "gpt-4o-mini-2024-07-18" : "gpt-4o-2024-08-06")
				.project((i % 2 == 0) ? "search" : "support")
				.latencyMs(100 + i * 7L)
				.timeToFirstTokenMs((i % 4 == 0) ? 50 + i * 3L : null)
				.status((i % 11 == 0) ? "error" : "success")
				.build());
		}
		this.repository.saveAll(calls);
		LlmCallFilter window = LlmCallFilter.ALL.withWindow(NOW.minus(Duration.ofHours(29)).plusSeconds(1234),
				NOW.minus(Duration.ofHours(2)).plusSeconds(321));
		LlmUsageGrouping none = LlmUsageGrouping.by(LlmUsageGrouping.Dimension.NONE);
		for (LlmUsageGrouping grouping : List.of(LlmUsageGrouping.by(LlmUsageGrouping.Dimension.MODEL),
				LlmUsageGrouping.by(LlmUsageGrouping.Dimension.PROJECT), LlmUsageGrouping.byAttribute("feature"))) {
			for (Duration bucket : List.of(Duration.ofHours(1), Duration.ofMinutes(15))) {
				LlmUsageViews views = this.repository.usageViews(window, grouping, bucket);
				assertThat(views.overall()).isEqualTo(this.repository.usage(window, none, null).get(0));
				assertThat(views.overallSeries()).isEqualTo(this.repository.usage(window, none, bucket));
				assertThat(views.groups()).isEqualTo(this.repository.usage(window, grouping, null));
				assertThat(views.groupSeries()).isEqualTo(this.repository.usage(window, grouping, bucket));
			}
		}
		assertThat(this.repository.usageViews(window, none, null).groupSeries()).isNull();
		assertThat(this.repository.usageViews(LlmCallFilter.ALL.withWindow(NOW, NOW.plusSeconds(60)), none,
				Duration.ofMinutes(1)))
			.satisfies((empty) -> {
				assertThat(empty.overall().requests()).isZero();
				assertThat(empty.overall().latencyP50Ms()).isNull();
				assertThat(empty.groupSeries()).isEmpty();
			});
	}

	private static org.assertj.core.groups.Tuple expected(List<LlmCall> calls, String model) {
		List<LlmCall> ofModel = calls.stream().filter((call) -> model.equals(call.response().model())).toList();
		return org.assertj.core.groups.Tuple.tuple(model, (long) ofModel.size(),
				ofModel.stream().filter(LlmCall::failed).count(),
				ofModel.stream()
					.mapToLong((call) -> (call.tokens().promptTokens() != null) ? call.tokens().promptTokens() : 0)
					.sum());
	}

	@Test
	void deleteRemovesOldCallsWithTheirAttributesAndTags() {
		LlmCall old = LlmCalls.call(NOW.minus(Duration.ofDays(31)))
			.tags(List.of("old"))
			.attributes(Map.of("tenant", "acme"))
			.build();
		LlmCall recent = LlmCalls.call(NOW).tags(List.of("new")).build();
		this.repository.saveAll(List.of(old, recent));

		int deleted = this.repository.deleteStartedBefore(NOW.minus(Duration.ofDays(30)));

		assertThat(deleted).isEqualTo(1);
		assertThat(ids(filter())).containsExactly(recent.id());
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM llm_call_attribute", Integer.class)).isZero();
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM llm_call_tag", Integer.class)).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT SUM(requests) FROM llm_usage_hour", Integer.class)).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("SELECT SUM(requests) FROM llm_usage_day", Integer.class)).isEqualTo(1);
	}

	/**
	 * Client-given values longer than their columns, or holding a NUL (which PostgreSQL
	 * rejects), are fitted to the columns instead of failing the batch they are in; a cut
	 * value ends in an ellipsis, never half a surrogate pair.
	 */
	@Test
	void valuesTooLongOrWithNulAreFittedToTheirColumns() {
		String longName = "p".repeat(253) + "\uD83D\uDE00" + "x".repeat(45);
		LlmCall hostile = LlmCalls.call(NOW)
			.project(longName)
			.model("gpt-4o\u0000-mini")
			.userId("u".repeat(300))
			.threadId("t".repeat(300))
			.tags(List.of("a".repeat(300), "a".repeat(256), "short"))
			.attributes(Map.of("feature", "v".repeat(7000), "n".repeat(300), "x"))
			.errorMessage("broken\u0000message")
			.responseText("text with a \u0000 inside")
			.build();
		LlmCall normal = LlmCalls.call(NOW.plusSeconds(1)).build();
		this.repository.saveAll(List.of(hostile, normal));

		LlmCall read = this.repository.findById(hostile.id()).orElseThrow();
		assertThat(read.project()).isEqualTo("p".repeat(253) + "\u2026");
		assertThat(read.response().model()).isEqualTo("gpt-4o-mini");
		assertThat(read.context().userId()).isEqualTo("u".repeat(254) + "\u2026");
		assertThat(read.context().threadId()).isEqualTo("t".repeat(254) + "\u2026");
		assertThat(read.context().tags()).containsExactlyInAnyOrder("a".repeat(254) + "\u2026", "short");
		assertThat(read.context().attributes()).containsEntry("feature", "v".repeat(1023) + "\u2026")
			.containsEntry("n".repeat(254) + "\u2026", "x");
		assertThat(read.outcome().errorMessage()).isEqualTo("brokenmessage");
		assertThat(read.response().responseText()).isEqualTo("text with a  inside");
		assertThat(this.repository.findById(normal.id())).isPresent();
		assertThat(
				this.repository.usage(LlmCallFilter.ALL, LlmUsageGrouping.by(LlmUsageGrouping.Dimension.PROJECT), null))
			.extracting(LlmUsage::key, LlmUsage::requests)
			.contains(org.assertj.core.groups.Tuple.tuple("p".repeat(253) + "\u2026", 1L));
	}

	@Test
	void schemaScriptCanRunTwice() {
		new ResourceDatabasePopulator(new ClassPathResource("io/llmmonitor/record/schema-" + platform() + ".sql"))
			.execute(dataSource());
		this.repository.saveAll(List.of(LlmCalls.call(NOW).build()));
		assertThat(ids(filter())).hasSize(1);
	}

	private List<String> ids(FilterBuilder filter) {
		return this.repository.find(filter.build(), 100, null).calls().stream().map(LlmCall::id).toList();
	}

	private static FilterBuilder filter() {
		return new FilterBuilder();
	}

	static final class FilterBuilder {

		private String project;

		private String model;

		private String provider;

		private String operation;

		private CallSource source;

		private CallStatus status;

		private String threadId;

		private String userId;

		private String tag;

		private String attributeName;

		private String attributeValue;

		private Instant from;

		private Instant to;

		FilterBuilder project(String project) {
			this.project = project;
			return this;
		}

		FilterBuilder model(String model) {
			this.model = model;
			return this;
		}

		FilterBuilder provider(String provider) {
			this.provider = provider;
			return this;
		}

		FilterBuilder operation(String operation) {
			this.operation = operation;
			return this;
		}

		FilterBuilder source(String source) {
			this.source = CallSource.of(source);
			return this;
		}

		FilterBuilder status(String status) {
			this.status = CallStatus.of(status);
			return this;
		}

		FilterBuilder threadId(String threadId) {
			this.threadId = threadId;
			return this;
		}

		FilterBuilder userId(String userId) {
			this.userId = userId;
			return this;
		}

		FilterBuilder tag(String tag) {
			this.tag = tag;
			return this;
		}

		FilterBuilder attribute(String name, String value) {
			this.attributeName = name;
			this.attributeValue = value;
			return this;
		}

		FilterBuilder window(Instant from, Instant to) {
			this.from = from;
			this.to = to;
			return this;
		}

		LlmCallFilter build() {
			return new LlmCallFilter(this.project, this.model, this.provider, this.operation, this.source, this.status,
					this.threadId, this.userId, this.tag, this.attributeName, this.attributeValue, this.from, this.to);
		}

	}

}
