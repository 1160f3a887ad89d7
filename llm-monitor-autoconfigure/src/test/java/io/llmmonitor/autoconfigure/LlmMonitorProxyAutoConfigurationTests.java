package io.llmmonitor.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the monitoring proxy is served, and what its properties accept.
 */
class LlmMonitorProxyAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withPropertyValues("llm.monitor.store.enabled=false")
		.withConfiguration(AutoConfigurations.of(LlmMonitorAutoConfiguration.class,
				LlmMonitorHttpAutoConfiguration.class, LlmMonitorProxyAutoConfiguration.class));

	@Test
	void proxyIsOffByDefault() {
		this.runner.run((context) -> assertThat(context)
			.doesNotHaveBean(LlmMonitorProxyAutoConfiguration.PROXY_SERVLET_BEAN_NAME));
	}

	@Test
	void proxyIsServedUnderItsPathWhenEnabled() {
		this.runner.withPropertyValues("llm.monitor.proxy.enabled=true", "llm.monitor.proxy.path=/ai/gateway")
			.run((context) -> {
				ServletRegistrationBean<?> registration = context
					.getBean(LlmMonitorProxyAutoConfiguration.PROXY_SERVLET_BEAN_NAME, ServletRegistrationBean.class);
				assertThat(registration.getUrlMappings()).containsExactly("/ai/gateway/v1/*",
						"/ai/gateway/anthropic/v1/*");
			});
	}

	@Test
	void anthropicRouteCanBeSwitchedOff() {
		this.runner.withPropertyValues("llm.monitor.proxy.enabled=true", "llm.monitor.proxy.anthropic.enabled=false")
			.run((context) -> {
				ServletRegistrationBean<?> registration = context
					.getBean(LlmMonitorProxyAutoConfiguration.PROXY_SERVLET_BEAN_NAME, ServletRegistrationBean.class);
				assertThat(registration.getUrlMappings()).containsExactly("/llm-proxy/v1/*");
			});
	}

	@Test
	void anthropicUpstreamThatIsNotAnHttpUrlFailsNamingTheProperty() {
		this.runner
			.withPropertyValues("llm.monitor.proxy.enabled=true",
					"llm.monitor.proxy.anthropic.upstream-url=ftp://anthropic.example")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("llm.monitor.proxy.anthropic.upstream-url"));
	}

	@Test
	void proxyIsServedWhenHttpCaptureIsOff() {
		this.runner.withPropertyValues("llm.monitor.proxy.enabled=true", "llm.monitor.capture.http.enabled=false")
			.run((context) -> assertThat(context).hasBean(LlmMonitorProxyAutoConfiguration.PROXY_SERVLET_BEAN_NAME));
	}

	@Test
	void proxyIsNotServedWhenLlmMonitorIsOff() {
		this.runner.withPropertyValues("llm.monitor.proxy.enabled=true", "llm.monitor.enabled=false")
			.run((context) -> assertThat(context)
				.doesNotHaveBean(LlmMonitorProxyAutoConfiguration.PROXY_SERVLET_BEAN_NAME));
	}

	@Test
	void proxyIsNotServedOutsideAServletApplication() {
		new ApplicationContextRunner()
			.withPropertyValues("llm.monitor.store.enabled=false", "llm.monitor.proxy.enabled=true")
			.withConfiguration(
					AutoConfigurations.of(LlmMonitorAutoConfiguration.class, LlmMonitorProxyAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LlmMonitorProxyAutoConfiguration.PROXY_SERVLET_BEAN_NAME));
	}

	@Test
	void proxyWithoutOkHttpFailsWithAClearMessage() {
		this.runner.withPropertyValues("llm.monitor.proxy.enabled=true")
			.withClassLoader(new FilteredClassLoader("okhttp3."))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("needs OkHttp"));
	}

	@Test
	void badUpstreamUrlIsRejectedNamingTheProperty() {
		this.runner
			.withPropertyValues("llm.monitor.proxy.enabled=true", "llm.monitor.proxy.upstream-url=ftp://example.com")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.monitor.proxy.upstream-url"));
	}

	@Test
	void pathEndingInASlashIsRejectedNamingTheProperty() {
		this.runner.withPropertyValues("llm.monitor.proxy.enabled=true", "llm.monitor.proxy.path=/proxy/")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("llm.monitor.proxy.path"));
	}

	@Test
	void theSameKeyTwiceIsRejected() {
		this.runner
			.withPropertyValues("llm.monitor.proxy.enabled=true", "llm.monitor.proxy.keys.sk-a.project=a",
					"llm.monitor.proxy.keys.other.key=sk-a")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("the same key twice"));
	}

}
