package io.llmmonitor.record;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.jspecify.annotations.Nullable;

/**
 * Metadata that describes who makes a call and why: project, thread (conversation) id,
 * user id, client id, tags and attributes. Immutable; {@link #merge(LlmCallContext)}
 * layers a more specific context over a more general one.
 *
 * @param project project of the call
 * @param threadId conversation (thread) id
 * @param userId end user id
 * @param clientId calling client id
 * @param tags free-form tags
 * @param attributes free-form name-value attributes
 * @since 0.1.0
 */
public record LlmCallContext(@Nullable String project, @Nullable String threadId, @Nullable String userId,
		@Nullable String clientId, List<String> tags, Map<String, String> attributes) {

	/** A context that sets nothing. */
	public static final LlmCallContext EMPTY = new LlmCallContext(null, null, null, null, List.of(), Map.of());

	public LlmCallContext {
		tags = List.copyOf(tags);
		attributes = Map.copyOf(attributes);
	}

	/**
	 * Whether this context sets nothing.
	 * @return {@code true} if empty
	 */
	@JsonIgnore
	public boolean isEmpty() {
		return this.project == null && this.threadId == null && this.userId == null && this.clientId == null
				&& this.tags.isEmpty() && this.attributes.isEmpty();
	}

	/**
	 * Layer the given, more specific, context over this one: its values win, tags are
	 * joined, and attributes are merged name by name.
	 * @param over the more specific context
	 * @return the merged context
	 */
	public LlmCallContext merge(LlmCallContext over) {
		if (over.isEmpty()) {
			return this;
		}
		if (isEmpty()) {
			return over;
		}
		Set<String> mergedTags = new LinkedHashSet<>(this.tags);
		mergedTags.addAll(over.tags);
		Map<String, String> mergedAttributes = new LinkedHashMap<>(this.attributes);
		mergedAttributes.putAll(over.attributes);
		return new LlmCallContext(pick(over.project, this.project), pick(over.threadId, this.threadId),
				pick(over.userId, this.userId), pick(over.clientId, this.clientId), new ArrayList<>(mergedTags),
				mergedAttributes);
	}

	/**
	 * Return a copy whose project is the given one when this context names none.
	 * @param project the default project
	 * @return the copy, or this context when it names a project
	 */
	public LlmCallContext withDefaultProject(String project) {
		return (this.project != null) ? this
				: new LlmCallContext(project, this.threadId, this.userId, this.clientId, this.tags, this.attributes);
	}

	/**
	 * Return a copy whose attributes are the given ones with this context's layered over
	 * them: this context's attributes win.
	 * @param under attributes of lower precedence (provider headers, for example)
	 * @return the copy, or this context when there are none
	 */
	public LlmCallContext withAttributesUnder(Map<String, String> under) {
		if (under.isEmpty()) {
			return this;
		}
		Map<String, String> merged = new LinkedHashMap<>(under);
		merged.putAll(this.attributes);
		return new LlmCallContext(this.project, this.threadId, this.userId, this.clientId, this.tags, merged);
	}

	private static @Nullable String pick(@Nullable String preferred, @Nullable String fallback) {
		return (preferred != null) ? preferred : fallback;
	}

	/**
	 * Start building a context.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder(EMPTY);
	}

	/**
	 * Return a builder that starts from this context.
	 * @return a builder
	 */
	public Builder mutate() {
		return new Builder(this);
	}

	/**
	 * Builder for {@link LlmCallContext}.
	 */
	public static final class Builder {

		private @Nullable String project;

		private @Nullable String threadId;

		private @Nullable String userId;

		private @Nullable String clientId;

		private final Set<String> tags;

		private final Map<String, String> attributes;

		Builder(LlmCallContext from) {
			this.project = from.project;
			this.threadId = from.threadId;
			this.userId = from.userId;
			this.clientId = from.clientId;
			this.tags = new LinkedHashSet<>(from.tags);
			this.attributes = new LinkedHashMap<>(from.attributes);
		}

		public Builder project(@Nullable String project) {
			this.project = project;
			return this;
		}

		public Builder threadId(@Nullable String threadId) {
			this.threadId = threadId;
			return this;
		}

		public Builder userId(@Nullable String userId) {
			this.userId = userId;
			return this;
		}

		public Builder clientId(@Nullable String clientId) {
			this.clientId = clientId;
			return this;
		}

		public Builder tag(String tag) {
			this.tags.add(tag);
			return this;
		}

		public Builder tags(Iterable<String> tags) {
			tags.forEach(this.tags::add);
			return this;
		}

		public Builder attribute(String name, String value) {
			this.attributes.put(name, value);
			return this;
		}

		public Builder attributes(Map<String, String> attributes) {
			this.attributes.putAll(attributes);
			return this;
		}

		public LlmCallContext build() {
			return new LlmCallContext(this.project, this.threadId, this.userId, this.clientId,
					new ArrayList<>(this.tags), this.attributes);
		}

	}

}
