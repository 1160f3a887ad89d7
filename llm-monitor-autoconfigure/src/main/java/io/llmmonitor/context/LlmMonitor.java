package io.llmmonitor.context;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import io.llmmonitor.record.LlmCallContext;
import org.jspecify.annotations.Nullable;

/**
 * Scoped per-call metadata for the LLM calls a block of code makes:
 *
 * <pre class="code">
 * try (LlmMonitor.Scope scope = LlmMonitor.with().threadId("t-42").attribute("tenant", "acme").open()) {
 *     chatClient.prompt("Hello").call().content();
 * }
 * </pre>
 *
 * Scopes nest (the inner one wins, tags and attributes are merged). The metadata is a
 * Micrometer context-propagation thread local (key {@value #CONTEXT_KEY}), so it follows
 * the work to other threads wherever context is propagated: executors wrapped with
 * {@code ContextExecutorService}, {@code ContextSnapshot} captures, and Reactor with
 * {@code Hooks.enableAutomaticContextPropagation()} or {@code contextCapture()}. A
 * Reactor pipeline can also carry it explicitly with
 * {@code .contextWrite(Context.of(LlmMonitor.CONTEXT_KEY, context))}.
 *
 * @since 0.1.0
 */
public final class LlmMonitor {

	/** Key of the metadata in Micrometer's context registry and in Reactor contexts. */
	public static final String CONTEXT_KEY = "llm.monitor.context";

	private static final ThreadLocal<LlmCallContext> CURRENT = new ThreadLocal<>();

	private LlmMonitor() {
	}

	/**
	 * Start describing the metadata of a scope, on top of the current one.
	 * @return a builder whose {@link ScopeBuilder#open()} opens the scope
	 */
	public static ScopeBuilder with() {
		return new ScopeBuilder();
	}

	/**
	 * Return the metadata of the current scope.
	 * @return the current metadata, {@link LlmCallContext#EMPTY} outside any scope
	 */
	public static LlmCallContext current() {
		LlmCallContext context = CURRENT.get();
		return (context != null) ? context : LlmCallContext.EMPTY;
	}

	/**
	 * Open a scope with the given metadata layered over the current one.
	 * @param context the metadata
	 * @return the scope, to be closed
	 */
	public static Scope open(LlmCallContext context) {
		LlmCallContext previous = CURRENT.get();
		set(((previous != null) ? previous : LlmCallContext.EMPTY).merge(context));
		return new Scope(previous);
	}

	/**
	 * Run the given code with the given metadata.
	 * @param context the metadata
	 * @param action the code
	 */
	public static void run(LlmCallContext context, Runnable action) {
		try (Scope scope = open(context)) {
			action.run();
		}
	}

	/**
	 * Call the given code with the given metadata.
	 * @param <T> the result type
	 * @param context the metadata
	 * @param action the code
	 * @return what the code returned
	 * @throws Exception what the code threw
	 */
	public static <T> T call(LlmCallContext context, Callable<T> action) throws Exception {
		try (Scope scope = open(context)) {
			return action.call();
		}
	}

	/**
	 * Get a value with the given metadata.
	 * @param <T> the result type
	 * @param context the metadata
	 * @param action the code
	 * @return what the code returned
	 */
	public static <T> T get(LlmCallContext context, Supplier<T> action) {
		try (Scope scope = open(context)) {
			return action.get();
		}
	}

	static @Nullable LlmCallContext getRaw() {
		return CURRENT.get();
	}

	static void set(@Nullable LlmCallContext context) {
		if (context == null || context.isEmpty()) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(context);
		}
	}

	/**
	 * An open scope: closing it restores the metadata that was current before.
	 */
	public static final class Scope implements AutoCloseable {

		private final @Nullable LlmCallContext previous;

		private Scope(@Nullable LlmCallContext previous) {
			this.previous = previous;
		}

		@Override
		public void close() {
			set(this.previous);
		}

	}

	/**
	 * Describes the metadata of a scope before it is opened.
	 */
	public static final class ScopeBuilder {

		private final LlmCallContext.Builder context = LlmCallContext.builder();

		private ScopeBuilder() {
		}

		public ScopeBuilder project(String project) {
			this.context.project(project);
			return this;
		}

		public ScopeBuilder threadId(String threadId) {
			this.context.threadId(threadId);
			return this;
		}

		public ScopeBuilder userId(String userId) {
			this.context.userId(userId);
			return this;
		}

		public ScopeBuilder clientId(String clientId) {
			this.context.clientId(clientId);
			return this;
		}

		public ScopeBuilder tag(String tag) {
			this.context.tag(tag);
			return this;
		}

		public ScopeBuilder attribute(String name, String value) {
			this.context.attribute(name, value);
			return this;
		}

		public ScopeBuilder attributes(Map<String, String> attributes) {
			this.context.attributes(attributes);
			return this;
		}

		/**
		 * Return the metadata described so far, without opening a scope (for example to
		 * put it in a Reactor context).
		 * @return the metadata
		 */
		public LlmCallContext context() {
			return this.context.build();
		}

		/**
		 * Open the scope.
		 * @return the scope, to be closed
		 */
		public Scope open() {
			return LlmMonitor.open(this.context.build());
		}

	}

}
