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
 * An application that opens the proxy as the README says: its path permitted and left out
 * of CSRF protection, its clients authenticated by the proxy's own keys
 * ({@code llm.monitor.proxy.keys}); everything else, the endpoints included, needs a
 * signed-in user.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ProxyPermittingApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		return http
			.authorizeHttpRequests(
					(requests) -> requests.requestMatchers("/llm-proxy/**").permitAll().anyRequest().authenticated())
			.csrf((csrf) -> csrf.ignoringRequestMatchers("/llm-proxy/**"))
			.httpBasic(Customizer.withDefaults())
			.build();
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(User.withUsername(SecuredApplication.VIEWER)
			.password("{noop}" + SecuredApplication.PASSWORD)
			.roles("USER")
			.build());
	}

}
