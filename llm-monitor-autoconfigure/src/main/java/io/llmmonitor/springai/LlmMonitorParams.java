package io.llmmonitor.springai;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.springframework.ai.chat.client.ChatClient;

/**
 * Per-call metadata as ChatClient advisor params:
 *
 * <pre class="code">
 * chatClient.prompt()
 *     .advisors(LlmMonitorParams.threadId("t-42").userId("u-7").attribute("tenant", "acme"))
 *     .user("Hello")
 *     .call();
 * </pre>
 *
 * The same keys can be set by hand with
 * {@code advisors(a -> a.param(LlmMonitorAdvisor.THREAD_ID, "t-42"))}.
 *
 * @since 0.1.0
 */
public final class LlmMonitorParams implements Consumer<ChatClient.AdvisorSpec> {

	private final Map<String, Object> params = new LinkedHashMap<>();

	private final Set<String> tags = new LinkedHashSet<>();

	private final Map<String, String> attributes = new LinkedHashMap<>();

	private LlmMonitorParams() {
	}

	/**
	 * Start with a project.
	 * @param project the project
	 * @return the params
	 */
	public static LlmMonitorParams project(String project) {
		return new LlmMonitorParams().withProject(project);
	}

	/**
	 * Start with a thread id.
	 * @param threadId the thread id
	 * @return the params
	 */
	public static LlmMonitorParams threadId(String threadId) {
		return new LlmMonitorParams().withThreadId(threadId);
	}

	/**
	 * Start with a user id.
	 * @param userId the user id
	 * @return the params
	 */
	public static LlmMonitorParams userId(String userId) {
		return new LlmMonitorParams().withUserId(userId);
	}

	/**
	 * Start with an attribute.
	 * @param name the attribute name
	 * @param value the value
	 * @return the params
	 */
	public static LlmMonitorParams attribute(String name, String value) {
		return new LlmMonitorParams().withAttribute(name, value);
	}

	/**
	 * Start with a tag.
	 * @param tag the tag
	 * @return the params
	 */
	public static LlmMonitorParams tag(String tag) {
		return new LlmMonitorParams().withTag(tag);
	}

	public LlmMonitorParams withProject(String project) {
		this.params.put(LlmMonitorAdvisor.PROJECT, project);
		return this;
	}

	public LlmMonitorParams withThreadId(String threadId) {
		this.params.put(LlmMonitorAdvisor.THREAD_ID, threadId);
		return this;
	}

	public LlmMonitorParams withUserId(String userId) {
		this.params.put(LlmMonitorAdvisor.USER_ID, userId);
		return this;
	}

	public LlmMonitorParams withClientId(String clientId) {
		this.params.put(LlmMonitorAdvisor.CLIENT_ID, clientId);
		return this;
	}

	public LlmMonitorParams withTag(String tag) {
		this.tags.add(tag);
		return this;
	}

	public LlmMonitorParams withAttribute(String name, String value) {
		this.attributes.put(name, value);
		return this;
	}

	@Override
	public void accept(ChatClient.AdvisorSpec spec) {
		this.params.forEach(spec::param);
		if (!this.tags.isEmpty()) {
			spec.param(LlmMonitorAdvisor.TAGS, Set.copyOf(this.tags));
		}
		if (!this.attributes.isEmpty()) {
			spec.param(LlmMonitorAdvisor.ATTRIBUTES, Map.copyOf(this.attributes));
		}
	}

}
