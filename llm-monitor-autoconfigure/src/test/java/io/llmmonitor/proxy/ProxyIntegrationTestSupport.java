package io.llmmonitor.proxy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import io.llmmonitor.CapturedCalls;
import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the proxy's integration tests share: an upstream on loopback that the proxy
 * forwards to (one for every test class, emptied before each test), the records the
 * application published, and clients pointed at the proxy.
 */
@Import(CapturedCalls.class)
abstract class ProxyIntegrationTestSupport {

	static final UpstreamServer upstream = UpstreamServer.start();

	@LocalServerPort
	int port;

	@Autowired
	CapturedCalls captured;

	@DynamicPropertySource
	static void upstreamUrl(DynamicPropertyRegistry registry) {
		registry.add("llm.monitor.proxy.upstream-url", () -> upstream.url("/v1"));
	}

	@BeforeEach
	void resetUpstreamAndRecords() {
		upstream.reset();
		this.captured.clear();
	}

	String proxyUrl(String path) {
		return "http://127.0.0.1:" + this.port + "/llm-proxy/v1" + path;
	}

	/**
	 * The official OpenAI SDK, pointed at the proxy, without retries.
	 */
	OpenAIClient openAi(String apiKey) {
		return OpenAIOkHttpClient.builder().baseUrl(proxyUrl("")).apiKey(apiKey).maxRetries(0).build();
	}

}
