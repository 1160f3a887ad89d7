package io.llmmonitor.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.llmmonitor.capture.LlmCallCorrelation;
import io.llmmonitor.capture.LlmCallRecorder;
import io.llmmonitor.http.HttpLlmCapture;
import io.llmmonitor.http.JtokkitTokenEstimator;
import io.llmmonitor.http.TokenEstimator;
import io.llmmonitor.proxy.LlmMonitorProxyServlet;
import io.llmmonitor.proxy.ProxyKey;
import io.llmmonitor.proxy.ProxyKeys;
import io.llmmonitor.proxy.ProxyLimits;
import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.LlmCallContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

/**
 * The OpenAI-compatible monitoring proxy, served under {@code llm.monitor.proxy.path}
 * when {@code llm.monitor.proxy.enabled=true} in a servlet web application. Its records
 * go through the same parser, meters and store as every other capture point.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { LlmMonitorAutoConfiguration.class, LlmMonitorHttpAutoConfiguration.class })
@ConditionalOnBooleanProperty("llm.monitor.proxy.enabled")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "jakarta.servlet.http.HttpServlet")
@ConditionalOnBean(LlmCallRecorder.class)
@EnableConfigurationProperties(LlmMonitorProxyProperties.class)
public final class LlmMonitorProxyAutoConfiguration {

	/** Bean name of the proxy's servlet registration. */
	public static final String PROXY_SERVLET_BEAN_NAME = "llmMonitorProxyServlet";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "okhttp3.OkHttpClient")
	static class ProxyServletConfiguration {

		@Bean(name = PROXY_SERVLET_BEAN_NAME)
		@ConditionalOnMissingBean(name = PROXY_SERVLET_BEAN_NAME)
		ServletRegistrationBean<LlmMonitorProxyServlet> llmMonitorProxyServlet(LlmCallRecorder recorder,
				ObjectProvider<TokenEstimator> tokenEstimator, LlmMonitorProperties properties,
				LlmMonitorProxyProperties proxy, ObjectProvider<MeterRegistry> meterRegistry) {
			ProxyLimits limits = new ProxyLimits(proxy.getMaxConcurrent(), proxy.getMaxRequestSize().toBytes(),
					proxy.getFirstByteTimeout(), proxy.getIdleTimeout(), proxy.getStreamKeepAlive());
			// The proxy's watchdog enforces the first-byte and idle timeouts; the
			// client's
			// own read timeout only backs it up.
			OkHttpClient client = new OkHttpClient.Builder().followRedirects(false)
				.followSslRedirects(false)
				.connectTimeout(proxy.getConnectTimeout())
				.readTimeout(proxy.getFirstByteTimeout().plus(proxy.getIdleTimeout()))
				.writeTimeout(proxy.getIdleTimeout())
				.connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES))
				.build();
			HttpLlmCapture capture = new HttpLlmCapture(recorder, new LlmCallCorrelation(),
					tokenEstimator.getIfAvailable(ProxyServletConfiguration::defaultTokenEstimator),
					(int) properties.getCapture().getHttp().getMaxBodySize().toBytes(), CallSource.PROXY);
			LlmMonitorProxyAnthropicProperties anthropic = proxy.getAnthropic();
			LlmMonitorProxyServlet servlet = new LlmMonitorProxyServlet(client, capture, proxy.getUpstreamUrl(),
					anthropic.isEnabled() ? anthropic.getUpstreamUrl() : null, proxy.getPath(), proxyKeys(proxy),
					limits, meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
			ServletRegistrationBean<LlmMonitorProxyServlet> registration = new ServletRegistrationBean<>(servlet,
					proxy.getPath() + "/v1/*");
			if (anthropic.isEnabled()) {
				registration.addUrlMappings(proxy.getPath() + LlmMonitorProxyServlet.ANTHROPIC_ROUTE + "/v1/*");
			}
			registration.setName(PROXY_SERVLET_BEAN_NAME);
			registration.setLoadOnStartup(1);
			return registration;
		}

		/**
		 * The estimator of HTTP-level capture, which is not a bean when that capture is
		 * off.
		 * @return the estimator, or {@code null} without jtokkit
		 */
		private static @Nullable TokenEstimator defaultTokenEstimator() {
			return ClassUtils.isPresent("com.knuddels.jtokkit.Encodings", null) ? new JtokkitTokenEstimator() : null;
		}

		private static ProxyKeys proxyKeys(LlmMonitorProxyProperties proxy) {
			if (proxy.getKeys().isEmpty()) {
				return ProxyKeys.NONE;
			}
			Map<String, ProxyKey> keys = new LinkedHashMap<>();
			proxy.getKeys().forEach((name, key) -> {
				String presented = (key.getKey() != null) ? key.getKey() : name;
				String upstreamKey = (key.getUpstreamKey() != null) ? key.getUpstreamKey() : proxy.getUpstreamKey();
				String anthropicKey = (key.getAnthropicUpstreamKey() != null) ? key.getAnthropicUpstreamKey()
						: proxy.getAnthropic().getUpstreamKey();
				LlmCallContext context = LlmCallContext.builder()
					.project(key.getProject())
					.clientId(key.getClientId())
					.tags(key.getTags())
					.attributes(key.getAttributes())
					.build();
				// records name a key by its entry's name when the key is given apart,
				// never
				// by the key: a key that is its own name is named by a digest of it
				String recordName = (key.getKey() != null) ? name : ProxyKeys.fingerprint(presented);
				if (keys.put(presented, new ProxyKey(upstreamKey, anthropicKey, context, recordName)) != null) {
					throw new IllegalStateException("llm.monitor.proxy.keys holds the same key twice");
				}
			});
			return new ProxyKeys(keys);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("okhttp3.OkHttpClient")
	static class MissingOkHttpConfiguration {

		@Bean
		Object llmMonitorProxyRequiresOkHttp() {
			throw new IllegalStateException("llm.monitor.proxy.enabled=true needs OkHttp on the classpath "
					+ "(com.squareup.okhttp3:okhttp, which llm-monitor-spring-boot-starter brings)");
		}

	}

}
