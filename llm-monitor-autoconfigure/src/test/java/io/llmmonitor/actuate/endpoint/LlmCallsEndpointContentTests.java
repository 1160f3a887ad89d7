package io.llmmonitor.actuate.endpoint;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCalls;
import io.llmmonitor.record.LlmToolCall;
import io.llmmonitor.record.jdbc.JdbcLlmCallRepository;
import io.llmmonitor.record.jdbc.SqlDialect;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Content of stored calls is shown as {@code llm.monitor.endpoint.show-content} says.
 */
class LlmCallsEndpointContentTests {

	private JdbcLlmCallRepository repository;

	private LlmCall call;

	@BeforeEach
	void store() {
		SimpleDriverDataSource dataSource = new SimpleDriverDataSource(new org.h2.Driver(),
				"jdbc:h2:mem:content-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		new ResourceDatabasePopulator(new ClassPathResource("io/llmmonitor/record/schema-h2.sql")).execute(dataSource);
		this.repository = new JdbcLlmCallRepository(dataSource, SqlDialect.H2);
		this.call = LlmCalls.call(Instant.now())
			.toolCalls(List.of(new LlmToolCall("1", "lookup", "{\"q\":\"private\"}")))
			.build();
		this.repository.saveAll(List.of(this.call));
	}

	@Test
	void neverShowsContent() {
		LlmCallsEndpoint.LlmCallDescriptor descriptor = descriptor(
				endpoint(Show.NEVER, Set.of()).call(authenticated("ADMIN"), this.call.id()));
		LlmCall read = descriptor.record();

		assertThat(descriptor.contentHidden()).isTrue();
		assertThat(read.request().messages()).isEmpty();
		assertThat(read.response().responseText()).isNull();
		assertThat(read.response().toolCalls()).containsExactly(new LlmToolCall("1", "lookup", null));
		assertThat(read.tokens().promptTokens()).isEqualTo(14);
	}

	@Test
	void whenAuthorizedShowsContentToAuthenticatedUsersWithARole() {
		LlmCallsEndpoint endpoint = endpoint(Show.WHEN_AUTHORIZED, Set.of("ADMIN"));

		assertThat(descriptor(endpoint.call(SecurityContext.NONE, this.call.id())).record().request().messages())
			.isEmpty();
		assertThat(descriptor(endpoint.call(authenticated("USER"), this.call.id())).record().request().messages())
			.isEmpty();
		assertThat(descriptor(endpoint.call(authenticated("ADMIN"), this.call.id())).record().request().messages())
			.hasSize(2);
		assertThat(descriptor(endpoint.call(authenticated("USER"), this.call.id())).contentHidden()).isTrue();
		assertThat(descriptor(endpoint.call(authenticated("ADMIN"), this.call.id())).contentHidden()).isFalse();
	}

	@Test
	void alwaysShowsContent() {
		LlmCall read = descriptor(endpoint(Show.ALWAYS, Set.of()).call(SecurityContext.NONE, this.call.id())).record();

		assertThat(read.response().responseText()).isEqualTo("The capital of France is Paris.");
		assertThat(read.response().toolCalls()).containsExactly(new LlmToolCall("1", "lookup", "{\"q\":\"private\"}"));
	}

	private LlmCallsEndpoint endpoint(Show show, Set<String> roles) {
		return new LlmCallsEndpoint(this.repository, show, roles);
	}

	private static SecurityContext authenticated(String role) {
		return new SecurityContext() {

			@Override
			public Principal getPrincipal() {
				return () -> "alice";
			}

			@Override
			public boolean isUserInRole(String candidate) {
				return role.equals(candidate);
			}

		};
	}

	private static LlmCallsEndpoint.LlmCallDescriptor descriptor(WebEndpointResponse<OperationResponseBody> response) {
		assertThat(response.getStatus()).isEqualTo(200);
		return (LlmCallsEndpoint.LlmCallDescriptor) response.getBody();
	}

}
