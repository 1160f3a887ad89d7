package io.llmmonitor.autoconfigure;

import java.time.Clock;

import io.llmmonitor.actuate.endpoint.LlmCallsEndpoint;
import io.llmmonitor.actuate.endpoint.LlmUsageEndpoint;
import io.llmmonitor.actuate.endpoint.QueryEncodingFilter;
import io.llmmonitor.record.LlmCallRepository;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The {@code llmcalls} and {@code llmusage} actuator endpoints over the stored calls.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = LlmMonitorJdbcAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(LlmCallRepository.class)
public final class LlmMonitorEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	LlmCallsEndpoint llmCallsEndpoint(LlmCallRepository repository, LlmMonitorProperties properties) {
		return new LlmCallsEndpoint(repository, properties.getEndpoint().getShowContent(),
				properties.getEndpoint().getRoles());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	LlmUsageEndpoint llmUsageEndpoint(LlmCallRepository repository) {
		return new LlmUsageEndpoint(repository, Clock.systemUTC());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "jakarta.servlet.Filter")
	static class ServletQueryEncodingConfiguration {

		/**
		 * Ahead of every other filter: a query string that is not UTF-8 is the client's
		 * mistake whoever sends it.
		 * @return the filter's registration
		 */
		@Bean
		@ConditionalOnMissingBean(name = "llmMonitorQueryEncodingFilter")
		FilterRegistrationBean<QueryEncodingFilter> llmMonitorQueryEncodingFilter() {
			FilterRegistrationBean<QueryEncodingFilter> registration = new FilterRegistrationBean<>(
					new QueryEncodingFilter());
			registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
			return registration;
		}

	}

}
