package io.llmmonitor.context;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.llmmonitor.record.LlmCallContext;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scoped per-call metadata and its propagation.
 */
class LlmMonitorTests {

	@Test
	void scopesNestAndRestore() {
		assertThat(LlmMonitor.current()).isEqualTo(LlmCallContext.EMPTY);
		try (LlmMonitor.Scope outer = LlmMonitor.with().project("p").tag("a").attribute("k", "1").open()) {
			try (LlmMonitor.Scope inner = LlmMonitor.with().threadId("t").tag("b").attribute("k", "2").open()) {
				LlmCallContext current = LlmMonitor.current();
				assertThat(current.project()).isEqualTo("p");
				assertThat(current.threadId()).isEqualTo("t");
				assertThat(current.tags()).containsExactly("a", "b");
				assertThat(current.attributes()).isEqualTo(Map.of("k", "2"));
			}
			assertThat(LlmMonitor.current().threadId()).isNull();
			assertThat(LlmMonitor.current().attributes()).isEqualTo(Map.of("k", "1"));
		}
		assertThat(LlmMonitor.current()).isEqualTo(LlmCallContext.EMPTY);
	}

	@Test
	void propagatesThroughContextAwareExecutors() throws Exception {
		ExecutorService executor = ContextExecutorService.wrap(Executors.newSingleThreadExecutor(),
				() -> ContextSnapshotFactory.builder().build().captureAll());
		try (LlmMonitor.Scope scope = LlmMonitor.with().userId("u-9").open()) {
			assertThat(executor.submit(() -> LlmMonitor.current().userId()).get()).isEqualTo("u-9");
		}
		finally {
			executor.shutdown();
		}
	}

	@Test
	void propagatesThroughReactorWithAutomaticContextPropagation() {
		Hooks.enableAutomaticContextPropagation();
		try (LlmMonitor.Scope scope = LlmMonitor.with().clientId("c-3").open()) {
			String clientId = Mono.just(1)
				.publishOn(Schedulers.boundedElastic())
				.map((i) -> String.valueOf(LlmMonitor.current().clientId()))
				.contextCapture()
				.block(Duration.ofSeconds(5));
			assertThat(clientId).isEqualTo("c-3");
		}
		finally {
			Hooks.disableAutomaticContextPropagation();
		}
	}

	@Test
	void runAndGetApplyTheContextAroundCode() {
		LlmCallContext context = LlmCallContext.builder().project("batch").build();
		assertThat(LlmMonitor.get(context, () -> LlmMonitor.current().project())).isEqualTo("batch");
		CompletableFuture<String> seen = new CompletableFuture<>();
		LlmMonitor.run(context, () -> seen.complete(LlmMonitor.current().project()));
		assertThat(seen).isCompletedWithValue("batch");
		assertThat(LlmMonitor.current().project()).isNull();
	}

}
