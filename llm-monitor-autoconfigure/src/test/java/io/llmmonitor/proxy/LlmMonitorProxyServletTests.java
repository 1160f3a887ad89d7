package io.llmmonitor.proxy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.llmmonitor.Fixtures;
import io.llmmonitor.RecordedCalls;
import io.llmmonitor.capture.LlmCallCorrelation;
import io.llmmonitor.http.HttpLlmCapture;
import io.llmmonitor.http.JtokkitTokenEstimator;
import io.llmmonitor.record.CallSource;
import io.llmmonitor.record.LlmCall;
import io.llmmonitor.record.LlmCallContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LlmMonitorProxyServlet} served mock requests, as a servlet container would,
 * forwarding to an upstream on loopback.
 */
class LlmMonitorProxyServletTests {

	private static final String CHAT = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

	private final MockWebServer upstream = new MockWebServer();

	private final RecordedCalls recorded = new RecordedCalls();

	@AfterEach
	void stopUpstream() throws IOException {
		this.upstream.shutdown();
	}

	@Test
	void llmCallIsForwardedWithoutItsMetadataHeadersAndRecordedWithThem() throws Exception {
		this.upstream.enqueue(Fixtures.json("openai-chat-plain.json"));
		MockHttpServletRequest request = chat("/llm-proxy/v1/chat/completions");
		request.addHeader("Authorization", "Bearer sk-client-0123456789abcdef");
		request.addHeader("X-LLM-Project", "checkout");
		request.addHeader("X-LLM-Tags", "beta, faq");
		request.addHeader("X-LLM-Attribute-Tenant", "acme");
		MockHttpServletResponse response = new MockHttpServletResponse();

		servlet(ProxyKeys.NONE).service(request, response);

		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(response.getContentAsString()).isEqualTo(Fixtures.read("openai-chat-plain.json"));
		RecordedRequest forwarded = this.upstream.takeRequest();
		assertThat(forwarded.getPath()).isEqualTo("/v1/chat/completions");
		assertThat(forwarded.getHeader("Authorization")).isEqualTo("Bearer sk-client-0123456789abcdef");
		assertThat(forwarded.getHeaders().names()).noneMatch((name) -> name.toLowerCase().startsWith("x-llm-"));
		assertThat(forwarded.getBody().readUtf8()).isEqualTo(CHAT);
		LlmCall call = this.recorded.only();
		assertThat(call.origin().source()).isEqualTo(CallSource.PROXY);
		assertThat(call.project()).isEqualTo("checkout");
		assertThat(call.context().tags()).containsExactly("beta", "faq");
		assertThat(call.context().attributes()).containsEntry("tenant", "acme");
		assertThat(call.tokens().totalTokens()).isEqualTo(21);
	}

	@Test
	void proxyKeyIsSwappedForItsUpstreamKeyAndGivesItsMetadata() throws Exception {
		this.upstream.enqueue(Fixtures.json("openai-chat-plain.json"));
		ProxyKeys keys = new ProxyKeys(Map.of("team-key", new ProxyKey("sk-upstream-0123456789",
				LlmCallContext.builder().project("search").clientId("team").build())));
		MockHttpServletRequest request = chat("/llm-proxy/v1/chat/completions");
		request.addHeader("Authorization", "Bearer team-key");
		MockHttpServletResponse response = new MockHttpServletResponse();

		servlet(keys).service(request, response);

		assertThat(this.upstream.takeRequest().getHeader("Authorization")).isEqualTo("Bearer sk-upstream-0123456789");
		LlmCall call = this.recorded.only();
		assertThat(call.project()).isEqualTo("search");
		assertThat(call.context().clientId()).isEqualTo("team");
	}

	@Test
	void unknownProxyKeyIsRefusedInOpenAisErrorFormat() throws Exception {
		ProxyKeys keys = new ProxyKeys(Map.of("team-key", new ProxyKey(null, LlmCallContext.EMPTY)));
		MockHttpServletRequest request = chat("/llm-proxy/v1/chat/completions");
		request.addHeader("Authorization", "Bearer guessed");
		MockHttpServletResponse response = new MockHttpServletResponse();

		servlet(keys).service(request, response);

		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getContentAsString()).contains("\"code\":\"invalid_api_key\"");
		assertThat(this.upstream.getRequestCount()).isZero();
		assertThat(this.recorded.calls()).isEmpty();
	}

	@Test
	void otherPathsAreForwardedAndNotRecorded() throws Exception {
		this.upstream.enqueue(new MockResponse().setBody("{\"data\":[]}"));
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/llm-proxy/v1/models");
		MockHttpServletResponse response = new MockHttpServletResponse();

		servlet(ProxyKeys.NONE).service(request, response);

		assertThat(response.getContentAsString()).isEqualTo("{\"data\":[]}");
		assertThat(this.upstream.takeRequest().getPath()).isEqualTo("/v1/models");
		assertThat(this.recorded.calls()).isEmpty();
	}

	@Test
	void upstreamThatCannotBeReachedIs502AndAnErrorRecord() throws Exception {
		int closed;
		try (ServerSocket socket = new ServerSocket(0)) {
			closed = socket.getLocalPort();
		}
		LlmMonitorProxyServlet servlet = new LlmMonitorProxyServlet(new OkHttpClient(), capture(),
				"http://127.0.0.1:" + closed + "/v1", "/llm-proxy", ProxyKeys.NONE, ProxyLimits.DEFAULTS,
				new SimpleMeterRegistry());
		MockHttpServletResponse response = new MockHttpServletResponse();

		servlet.service(chat("/llm-proxy/v1/chat/completions"), response);

		assertThat(response.getStatus()).isEqualTo(502);
		assertThat(response.getContentAsString()).contains("\"code\":\"upstream_unreachable\"");
		LlmCall call = this.recorded.only();
		assertThat(call.outcome().errorType()).isEqualTo("connection_refused");
		assertThat(call.request().requestedModel()).isEqualTo("gpt-4o");
	}

	private LlmMonitorProxyServlet servlet(ProxyKeys keys) {
		return new LlmMonitorProxyServlet(new OkHttpClient(), capture(), this.upstream.url("/v1").toString(),
				"/llm-proxy", keys, ProxyLimits.DEFAULTS, new SimpleMeterRegistry());
	}

	private HttpLlmCapture capture() {
		return new HttpLlmCapture(this.recorded.recorder(), new LlmCallCorrelation(), new JtokkitTokenEstimator(),
				1024 * 1024, CallSource.PROXY);
	}

	private static MockHttpServletRequest chat(String path) {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
		request.setContentType("application/json");
		request.setContent(CHAT.getBytes(StandardCharsets.UTF_8));
		return request;
	}

}
