package io.llmmonitor.actuate.endpoint;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallFilter;
import io.llmmonitor.record.LlmCallIds;
import io.llmmonitor.record.LlmCallPage;
import io.llmmonitor.record.LlmCallRepository;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.dao.DataAccessException;
import org.springframework.util.Assert;

/**
 * {@code /actuator/llmcalls}: stored LLM calls, newest first, filtered and paged with a
 * cursor; {@code /actuator/llmcalls/{id}}: one whole call. Content (messages, response
 * text, tool arguments) is returned as the {@link Show} setting allows.
 *
 * @since 0.1.0
 */
@Endpoint(id = "llmcalls")
public class LlmCallsEndpoint {

	/** Page size when none is asked for. */
	public static final int DEFAULT_LIMIT = 50;

	/** Largest page size. */
	public static final int MAX_LIMIT = 1000;

	private final LlmCallRepository repository;

	private final Show showContent;

	private final Set<String> roles;

	private final Clock clock;

	/**
	 * Create the endpoint.
	 * @param repository where calls are read
	 * @param showContent when content is shown
	 * @param roles roles that may see content under {@link Show#WHEN_AUTHORIZED}
	 */
	public LlmCallsEndpoint(LlmCallRepository repository, Show showContent, Set<String> roles) {
		this(repository, showContent, roles, Clock.systemUTC());
	}

	/**
	 * Create the endpoint.
	 * @param repository where calls are read
	 * @param showContent when content is shown
	 * @param roles roles that may see content under {@link Show#WHEN_AUTHORIZED}
	 * @param clock the clock relative times ({@code from=-24h}) count back from
	 */
	public LlmCallsEndpoint(LlmCallRepository repository, Show showContent, Set<String> roles, Clock clock) {
		Assert.notNull(repository, "'repository' must not be null");
		Assert.notNull(showContent, "'showContent' must not be null");
		Assert.notNull(clock, "'clock' must not be null");
		this.repository = repository;
		this.showContent = showContent;
		this.roles = Set.copyOf(roles);
		this.clock = clock;
	}

	/**
	 * List calls.
	 * @param project only this project
	 * @param model only this model
	 * @param provider only this provider
	 * @param operation only this operation
	 * @param source only {@code advisor}, {@code http} or {@code proxy}
	 * @param status only {@code success} or {@code error}
	 * @param threadId only this thread
	 * @param userId only this user
	 * @param tag only calls with this tag
	 * @param attribute only calls with this attribute, as {@code name:value}
	 * @param from only calls started at or after this ISO-8601 instant, or this long ago
	 * ({@code -24h})
	 * @param to only calls started before this ISO-8601 instant, or this long ago
	 * @param limit page size
	 * @param before cursor from the previous page's {@code next}
	 * @return the page, a 400 naming a bad parameter, or a 503 when the store cannot be
	 * read
	 */
	@ReadOperation
	public WebEndpointResponse<OperationResponseBody> calls(@Nullable String project, @Nullable String model,
			@Nullable String provider, @Nullable String operation, @Nullable String source, @Nullable String status,
			@Nullable String threadId, @Nullable String userId, @Nullable String tag, @Nullable String attribute,
			@Nullable String from, @Nullable String to, @Nullable String limit, @Nullable String before) {
		try {
			LlmCallFilter filter = Parameters.filter(project, model, provider, operation, source, status, threadId,
					userId, tag, attribute, from, to, this.clock);
			int pageSize = Parameters.integer("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
			if (before != null && !LlmCallIds.isValid(before)) {
				throw new InvalidParameterException("before", "expected the 'next' cursor of a previous page");
			}
			LlmCallPage page = this.repository.find(filter, pageSize, before);
			return new WebEndpointResponse<>(new LlmCallsDescriptor(page.calls(), page.next()));
		}
		catch (InvalidParameterException ex) {
			return new WebEndpointResponse<>(ErrorDescriptor.of(ex), WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		catch (DataAccessException ex) {
			return StoreUnavailable.response(this.repository, ex);
		}
	}

	/**
	 * Return one call.
	 * @param securityContext the caller's security context
	 * @param id the call id
	 * @return the call, a 404 when unknown, or a 503 when the store cannot be read
	 */
	@ReadOperation
	public WebEndpointResponse<OperationResponseBody> call(SecurityContext securityContext, @Selector String id) {
		if (!LlmCallIds.isValid(id)) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		LlmCall call;
		try {
			call = this.repository.findById(id).orElse(null);
		}
		catch (DataAccessException ex) {
			return StoreUnavailable.response(this.repository, ex);
		}
		if (call == null) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		if (this.showContent.isShown(securityContext, this.roles)) {
			return new WebEndpointResponse<>(new LlmCallDescriptor(call, false));
		}
		return new WebEndpointResponse<>(new LlmCallDescriptor(call.withoutContent(), true));
	}

	/**
	 * One whole call: the record's fields, and {@code "contentHidden": true} when its
	 * content is withheld from the caller.
	 *
	 * @param record the call
	 * @param contentHidden whether messages, response text and tool arguments were
	 * removed
	 */
	public record LlmCallDescriptor(@JsonUnwrapped LlmCall record,
			@JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean contentHidden) implements OperationResponseBody {

	}

	/**
	 * A page of calls.
	 *
	 * @param calls the calls, newest first, without content
	 * @param next cursor of the next page, {@code null} on the last
	 */
	public record LlmCallsDescriptor(List<LlmCall> calls,
			@JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String next) implements OperationResponseBody {

		public LlmCallsDescriptor {
			calls = calls.stream().map(LlmCall::withoutContent).toList();
		}

	}

}
