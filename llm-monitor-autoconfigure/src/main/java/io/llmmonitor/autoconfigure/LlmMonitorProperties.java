package io.llmmonitor.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.llmmonitor.capture.ContentPolicy;
import io.llmmonitor.metrics.LlmMonitorMetrics;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of llm-monitor.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(LlmMonitorProperties.CONFIG_PREFIX)
public class LlmMonitorProperties {

	/** Prefix of llm-monitor's properties. */
	public static final String CONFIG_PREFIX = "llm.monitor";

	/**
	 * Whether llm-monitor records LLM calls.
	 */
	private boolean enabled = true;

	/**
	 * Project of calls that name none.
	 */
	private String project = "default";

	/**
	 * Environment of the application's calls, on records and as the meters' 'environment'
	 * tag; unset, the active profiles (comma-separated), else 'default'.
	 */
	private @Nullable String environment;

	private final Capture capture = new Capture();

	private final Endpoint endpoint = new Endpoint();

	private final Metrics metrics = new Metrics();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getProject() {
		return this.project;
	}

	public @Nullable String getEnvironment() {
		return this.environment;
	}

	public void setEnvironment(@Nullable String environment) {
		Assert.isTrue(environment == null || !environment.isBlank(), "llm.monitor.environment must not be empty");
		this.environment = environment;
	}

	public void setProject(String project) {
		Assert.hasText(project, "llm.monitor.project must not be empty");
		this.project = project;
	}

	public Capture getCapture() {
		return this.capture;
	}

	public Endpoint getEndpoint() {
		return this.endpoint;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	/**
	 * What is captured of each call.
	 */
	public static class Capture {

		/**
		 * Whether prompt messages, response text and tool arguments are stored.
		 */
		private boolean content = true;

		/**
		 * Most characters of content stored per call; longer content is cut and the
		 * record marked contentTruncated.
		 */
		private int maxContentChars = 32768;

		/**
		 * Regular expressions of secrets replaced by [REDACTED] in stored content and
		 * error messages.
		 */
		private List<String> redact = new ArrayList<>(ContentPolicy.DEFAULT_REDACT_PATTERNS);

		private final Http http = new Http();

		public Http getHttp() {
			return this.http;
		}

		public boolean isContent() {
			return this.content;
		}

		public void setContent(boolean content) {
			this.content = content;
		}

		public int getMaxContentChars() {
			return this.maxContentChars;
		}

		public void setMaxContentChars(int maxContentChars) {
			Assert.isTrue(maxContentChars > 0, "llm.monitor.capture.max-content-chars must be positive");
			this.maxContentChars = maxContentChars;
		}

		public List<String> getRedact() {
			return this.redact;
		}

		public void setRedact(List<String> redact) {
			this.redact = redact;
		}

	}

	/**
	 * HTTP-level capture of OpenAI-compatible calls made through RestClient, WebClient or
	 * the OpenAI SDK's OkHttp client.
	 */
	public static class Http {

		/**
		 * Whether calls are captured at the HTTP level (RestClient, WebClient, OkHttp).
		 */
		private boolean enabled = true;

		/**
		 * Most bytes of one response body (or stream event) kept for parsing; past it
		 * only the end of the body is kept, where usage is.
		 */
		private DataSize maxBodySize = DataSize.ofMegabytes(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public DataSize getMaxBodySize() {
			return this.maxBodySize;
		}

		public void setMaxBodySize(DataSize maxBodySize) {
			Assert.isTrue(maxBodySize.toBytes() > 0 && maxBodySize.toBytes() <= Integer.MAX_VALUE - 8,
					"llm.monitor.capture.http.max-body-size must be positive and below 2GB");
			this.maxBodySize = maxBodySize;
		}

	}

	/**
	 * The llmcalls and llmusage actuator endpoints.
	 */
	public static class Endpoint {

		/**
		 * When stored content (messages, response text, tool arguments) is returned.
		 */
		private Show showContent = Show.WHEN_AUTHORIZED;

		/**
		 * Roles allowed to see content when show-content is when-authorized; any
		 * authenticated user when empty.
		 */
		private Set<String> roles = new LinkedHashSet<>();

		public Show getShowContent() {
			return this.showContent;
		}

		public void setShowContent(Show showContent) {
			this.showContent = showContent;
		}

		public Set<String> getRoles() {
			return this.roles;
		}

		public void setRoles(Set<String> roles) {
			this.roles = roles;
		}

	}

	/**
	 * The meters of each call.
	 */
	public static class Metrics {

		/**
		 * Whether the meters of each call are recorded.
		 */
		private boolean enabled = true;

		/**
		 * Attribute names that become meter tags (keep their values few).
		 */
		private List<String> tagAttributes = new ArrayList<>();

		/**
		 * Most distinct values of one meter tag (model, project, provider, each tag
		 * attribute); later values become 'other' in the meters, counted in
		 * llm_monitor_meter_tags_folded_total. Records keep the real values.
		 */
		private int maxTagValues = LlmMonitorMetrics.DEFAULT_MAX_TAG_VALUES;

		/**
		 * Which meter names each call updates: llm (llm_*), otel (the OpenTelemetry GenAI
		 * client meters, gen_ai_*) or both.
		 */
		private MeterNaming naming = MeterNaming.LLM;

		public MeterNaming getNaming() {
			return this.naming;
		}

		public void setNaming(MeterNaming naming) {
			this.naming = naming;
		}

		public int getMaxTagValues() {
			return this.maxTagValues;
		}

		public void setMaxTagValues(int maxTagValues) {
			Assert.isTrue(maxTagValues > 0, "llm.monitor.metrics.max-tag-values must be positive");
			this.maxTagValues = maxTagValues;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public List<String> getTagAttributes() {
			return this.tagAttributes;
		}

		public void setTagAttributes(List<String> tagAttributes) {
			this.tagAttributes = tagAttributes;
		}

	}

}
