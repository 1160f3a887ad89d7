package io.llmmonitor.security;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * An application secured as teams secure the actuator: the board's page is public, the
 * endpoints need a signed-in user, and {@code admin} alone has the role that may read
 * stored content ({@code llm.monitor.endpoint.roles=LLM_CONTENT}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class SecuredApplication {

	/** A user who may read usage but not content. */
	public static final String VIEWER = "viewer";

	/** A user who may read content. */
	public static final String ADMIN = "admin";

	/** Every user's password. */
	public static final String PASSWORD = "secret-password";

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/llm-monitor", "/llm-monitor/**")
				.permitAll()
				.anyRequest()
				.authenticated())
			.formLogin((form) -> form.permitAll())
			.httpBasic(Customizer.withDefaults())
			.build();
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(
				User.withUsername(VIEWER).password("{noop}" + PASSWORD).roles("USER").build(),
				User.withUsername(ADMIN).password("{noop}" + PASSWORD).roles("USER", "LLM_CONTENT").build());
	}

}
