package io.llmmonitor.autoconfigure;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.llmmonitor.capture.ContentPolicy;
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

	private final Capture capture = new Capture();

	private final Endpoint endpoint = new Endpoint();

	private final Metrics metrics = new Metrics();

	private final Pricing pricing = new Pricing();

	private final Proxy proxy = new Proxy();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getProject() {
		return this.project;
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

	public Pricing getPricing() {
		return this.pricing;
	}

	public Proxy getProxy() {
		return this.proxy;
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
	 * The llm_* meters.
	 */
	public static class Metrics {

		/**
		 * Whether the llm_* meters are recorded.
		 */
		private boolean enabled = true;

		/**
		 * Attribute names that become meter tags (keep their values few).
		 */
		private List<String> tagAttributes = new ArrayList<>();

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

	/**
	 * Model prices, on top of the built-in catalog.
	 */
	public static class Pricing {

		/**
		 * Prices by model name, USD per 1M tokens; overrides the built-in catalog and
		 * adds models to it.
		 */
		private Map<String, Price> models = new LinkedHashMap<>();

		/**
		 * Model to price each alias as (an Azure deployment name, a fine-tune id).
		 */
		private Map<String, String> aliases = new LinkedHashMap<>();

		public Map<String, Price> getModels() {
			return this.models;
		}

		public void setModels(Map<String, Price> models) {
			this.models = models;
		}

		public Map<String, String> getAliases() {
			return this.aliases;
		}

		public void setAliases(Map<String, String> aliases) {
			this.aliases = aliases;
		}

	}

	/**
	 * Price of one model, USD per 1M tokens.
	 */
	public static class Price {

		/**
		 * Price of an uncached input token, USD per 1M tokens.
		 */
		private @Nullable BigDecimal input;

		/**
		 * Price of an output token, USD per 1M tokens.
		 */
		private @Nullable BigDecimal output;

		/**
		 * Price of an input token read from the prompt cache, USD per 1M tokens.
		 */
		private @Nullable BigDecimal cachedInput;

		/**
		 * Price of an input token written to the prompt cache, USD per 1M tokens.
		 */
		private @Nullable BigDecimal cacheWrite;

		/**
		 * Price of a reasoning token, USD per 1M tokens.
		 */
		private @Nullable BigDecimal reasoning;

		public @Nullable BigDecimal getInput() {
			return this.input;
		}

		public void setInput(@Nullable BigDecimal input) {
			this.input = checked("input", input);
		}

		public @Nullable BigDecimal getOutput() {
			return this.output;
		}

		public void setOutput(@Nullable BigDecimal output) {
			this.output = checked("output", output);
		}

		public @Nullable BigDecimal getCachedInput() {
			return this.cachedInput;
		}

		public void setCachedInput(@Nullable BigDecimal cachedInput) {
			this.cachedInput = checked("cached-input", cachedInput);
		}

		public @Nullable BigDecimal getCacheWrite() {
			return this.cacheWrite;
		}

		public void setCacheWrite(@Nullable BigDecimal cacheWrite) {
			this.cacheWrite = checked("cache-write", cacheWrite);
		}

		public @Nullable BigDecimal getReasoning() {
			return this.reasoning;
		}

		public void setReasoning(@Nullable BigDecimal reasoning) {
			this.reasoning = checked("reasoning", reasoning);
		}

		private static @Nullable BigDecimal checked(String name, @Nullable BigDecimal price) {
			Assert.isTrue(price == null || price.signum() >= 0, () -> "Price '" + name + "' must not be negative");
			return price;
		}

	}

	/**
	 * The OpenAI-compatible monitoring proxy.
	 */
	public static class Proxy {

		/**
		 * Whether the OpenAI-compatible monitoring proxy is served.
		 */
		private boolean enabled;

		/**
		 * Path the proxy is served under; clients use "<path>/v1" as their base URL.
		 */
		private String path = "/llm-proxy";

		/**
		 * Base URL requests are forwarded to; the part of a request path after
		 * "<path>/v1" is appended to it.
		 */
		private String upstreamUrl = "https://api.openai.com/v1";

		/**
		 * Longest wait for the upstream's response headers and between two pieces of its
		 * body.
		 */
		private Duration timeout = Duration.ofMinutes(10);

		/**
		 * Longest wait for a connection to the upstream.
		 */
		private Duration connectTimeout = Duration.ofSeconds(10);

		/**
		 * Upstream API key sent for proxy keys that set none of their own.
		 */
		private @Nullable String upstreamKey;

		/**
		 * Keys clients must present, by key (or by name when the entry sets "key"). When
		 * empty, a client's own Authorization header goes upstream unchanged.
		 */
		private Map<String, Key> keys = new LinkedHashMap<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			Assert.isTrue(path.startsWith("/") && !path.endsWith("/") && !path.contains("*"),
					"llm.monitor.proxy.path must start with '/' and must not end with '/' or hold '*'");
			this.path = path;
		}

		public String getUpstreamUrl() {
			return this.upstreamUrl;
		}

		public void setUpstreamUrl(String upstreamUrl) {
			URI uri = URI.create(upstreamUrl);
			Assert.isTrue(("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null,
					() -> "llm.monitor.proxy.upstream-url must be an http or https URL, got '" + upstreamUrl + "'");
			this.upstreamUrl = upstreamUrl;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			Assert.isTrue(!timeout.isNegative() && !timeout.isZero(), "llm.monitor.proxy.timeout must be positive");
			this.timeout = timeout;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			Assert.isTrue(!connectTimeout.isNegative() && !connectTimeout.isZero(),
					"llm.monitor.proxy.connect-timeout must be positive");
			this.connectTimeout = connectTimeout;
		}

		public @Nullable String getUpstreamKey() {
			return this.upstreamKey;
		}

		public void setUpstreamKey(@Nullable String upstreamKey) {
			this.upstreamKey = upstreamKey;
		}

		public Map<String, Key> getKeys() {
			return this.keys;
		}

		public void setKeys(Map<String, Key> keys) {
			this.keys = keys;
		}

	}

	/**
	 * A key clients of the proxy present, with the upstream key it stands for and the
	 * metadata of the calls made with it.
	 */
	public static class Key {

		/**
		 * Key clients present, when it is not the entry's name (for example a secret from
		 * the environment).
		 */
		private @Nullable String key;

		/**
		 * Upstream API key sent in place of this key; none sends no key upstream unless
		 * "llm.monitor.proxy.upstream-key" is set.
		 */
		private @Nullable String upstreamKey;

		/**
		 * Project of calls made with this key.
		 */
		private @Nullable String project;

		/**
		 * Client id of calls made with this key.
		 */
		private @Nullable String clientId;

		/**
		 * Tags of calls made with this key.
		 */
		private List<String> tags = new ArrayList<>();

		/**
		 * Attributes of calls made with this key.
		 */
		private Map<String, String> attributes = new LinkedHashMap<>();

		public @Nullable String getKey() {
			return this.key;
		}

		public void setKey(@Nullable String key) {
			this.key = key;
		}

		public @Nullable String getUpstreamKey() {
			return this.upstreamKey;
		}

		public void setUpstreamKey(@Nullable String upstreamKey) {
			this.upstreamKey = upstreamKey;
		}

		public @Nullable String getProject() {
			return this.project;
		}

		public void setProject(@Nullable String project) {
			this.project = project;
		}

		public @Nullable String getClientId() {
			return this.clientId;
		}

		public void setClientId(@Nullable String clientId) {
			this.clientId = clientId;
		}

		public List<String> getTags() {
			return this.tags;
		}

		public void setTags(List<String> tags) {
			this.tags = tags;
		}

		public Map<String, String> getAttributes() {
			return this.attributes;
		}

		public void setAttributes(Map<String, String> attributes) {
			this.attributes = attributes;
		}

	}

}
