package io.llmmonitor.record;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link CallSpill} on a real directory.
 */
class CallSpillTests {

	static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

	@TempDir
	Path directory;

	DroppedRecords dropped = new DroppedRecords();

	@Test
	void everyFieldOfARecordSurvivesTheSpill() {
		LlmCall full = LlmCalls.call(NOW)
			.timeToFirstTokenMs(120L)
			.threadId("thread-1")
			.userId("user-1")
			.clientId("client-1")
			.tags(List.of("a", "b"))
			.attributes(Map.of("tenant", "acme", "x-request-id", "req_1"))
			.source("proxy")
			.streamed(true)
			.requestOptions(Map.of("temperature", 0.2, "max_tokens", 300, "stop", List.of("\n")))
			.toolCalls(List.of(new LlmToolCall("call_1", "weather", "{\"city\":\"Paris\"}")))
			.modelRequests(2)
			.cacheWriteTokens(5L)
			.tokensEstimated(true)
			.costUsd(new BigDecimal("0.000105000"))
			.status("error")
			.httpStatus(429)
			.errorType("rate_limited")
			.errorMessage("Rate limit reached \u00e9\u2603 \"quoted\"\nsecond line")
			.exceptionClass("java.io.IOException")
			.traceId("4bf92f3577b34da6a3ce929d0e0e4736")
			.spanId("00f067aa0ba902b7")
			.contentTruncated(true)
			.build();
		LlmCall bare = LlmCalls.builder(LlmCallIds.next(NOW), NOW).build();
		SpillCodec codec = new SpillCodec();

		for (LlmCall call : List.of(full, bare)) {
			byte[] line = codec.write(call);
			assertThat(new String(line, StandardCharsets.UTF_8)).doesNotContain("\n");
			assertThat(codec.read(line, 0, line.length)).isEqualTo(call);
		}
	}

	@Test
	void segmentsAreReplayedOldestFirstAndFoundAgainByTheNextProcess() {
		List<LlmCall> first = calls(0, 3);
		List<LlmCall> second = calls(3, 2);
		try (CallSpill spill = new CallSpill(this.directory, 1 << 20, this.dropped)) {
			assertThat(spill.append(first)).isTrue();
			assertThat(spill.append(second)).isTrue();
			assertThat(spill.records()).isEqualTo(5);
		}

		try (CallSpill spill = new CallSpill(this.directory, 1 << 20, this.dropped)) {
			assertThat(spill.records()).isEqualTo(5);
			CallSpill.Replay replay = spill.oldest();
			assertThat(replay).isNotNull();
			assertThat(replay.calls()).isEqualTo(first);
			spill.remove(replay);
			CallSpill.Replay next = spill.oldest();
			assertThat(next).isNotNull();
			assertThat(next.calls()).isEqualTo(second);
			spill.release(next);
			assertThat(spill.records()).isEqualTo(2);
			assertThat(spill.append(calls(5, 1))).isTrue();
			assertThat(spill.records()).isEqualTo(3);
		}
	}

	@Test
	void aWriterInterruptedAtTheShutdownDeadlineStillSpillsAndStaysInterrupted() {
		try (CallSpill spill = new CallSpill(this.directory, 1 << 20, this.dropped)) {
			Thread.currentThread().interrupt();
			boolean appended = spill.append(calls(0, 3));
			boolean stillInterrupted = Thread.interrupted();

			assertThat(appended).isTrue();
			assertThat(stillInterrupted).isTrue();
			assertThat(spill.append(calls(3, 2))).isTrue();
			assertThat(spill.records()).isEqualTo(5);
		}
	}

	@Test
	void aWriteCutShortByACrashIsDiscardedAtStart() throws IOException {
		Files.writeString(this.directory.resolve("calls-0000000000000007-500.jsonl.tmp"), "{\"id\":\"half");
		try (CallSpill spill = new CallSpill(this.directory, 1 << 20, this.dropped)) {
			assertThat(spill.records()).isZero();
			assertThat(spill.oldest()).isNull();
		}
		assertThat(files()).containsExactly(".lock");
	}

	@Test
	void pastItsCapTheOldestSegmentsAreDeletedAndCounted() {
		long oneSegment;
		try (CallSpill spill = new CallSpill(this.directory, 1 << 20, this.dropped)) {
			spill.append(calls(0, 10));
			oneSegment = spill.bytes();
		}
		deleteSegments();
		try (CallSpill spill = new CallSpill(this.directory, oneSegment * 3 + oneSegment / 2, this.dropped)) {
			List<List<LlmCall>> batches = new ArrayList<>();
			for (int i = 0; i < 5; i++) {
				batches.add(calls(i * 10, 10));
				spill.append(batches.get(i));
			}
			assertThat(spill.records()).isEqualTo(30);
			assertThat(this.dropped.spillFull).hasValue(20);
			CallSpill.Replay oldest = spill.oldest();
			assertThat(oldest).isNotNull();
			assertThat(oldest.calls()).isEqualTo(batches.get(2));
		}
	}

	@Test
	void anUnreadableSegmentIsDeletedAndCounted() throws IOException {
		try (CallSpill spill = new CallSpill(this.directory, 1 << 20, this.dropped)) {
			spill.append(calls(0, 4));
			spill.append(calls(4, 2));
		}
		Path first = this.directory
			.resolve(files().stream().filter((name) -> name.contains("-4.jsonl")).findFirst().orElseThrow());
		Files.writeString(first, "not json\n");
		try (CallSpill spill = new CallSpill(this.directory, 1 << 20, this.dropped)) {
			CallSpill.Replay replay = spill.oldest();
			assertThat(replay).isNotNull();
			assertThat(replay.calls()).hasSize(2);
			assertThat(this.dropped.spillError).hasValue(4);
		}
	}

	@Test
	void oneWriterAtATimeSpillsIntoADirectory() {
		try (CallSpill spill = new CallSpill(this.directory, 1 << 20, this.dropped)) {
			assertThatIllegalStateException().isThrownBy(() -> new CallSpill(this.directory, 1 << 20, this.dropped))
				.withMessageContaining("llm.monitor.store.spill-dir");
		}
		new CallSpill(this.directory, 1 << 20, this.dropped).close();
	}

	private static List<LlmCall> calls(int from, int count) {
		List<LlmCall> calls = new ArrayList<>();
		for (int i = from; i < from + count; i++) {
			calls.add(LlmCalls.call(NOW.plusMillis(i)).build());
		}
		return calls;
	}

	private List<String> files() throws IOException {
		try (Stream<Path> files = Files.list(this.directory)) {
			return files.map((file) -> file.getFileName().toString()).sorted().toList();
		}
	}

	private void deleteSegments() {
		try (Stream<Path> files = Files.list(this.directory)) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".jsonl")).toList()) {
				Files.delete(file);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
