package io.llmmonitor.proxy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.openai.client.OpenAIClient;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.llmmonitor.TestApplication;
import io.llmmonitor.record.LlmCall;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Proxy keys: a client must present one, the key's upstream key goes upstream in its
 * place, and the key's metadata applies unless the client's headers say otherwise.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "llm.monitor.proxy.enabled=true", "llm.monitor.store.flush-interval=20ms",
				"spring.ai.openai.api-key=sk-unused", "llm.monitor.proxy.upstream-key=sk-upstream-shared",
				"llm.monitor.proxy.keys.sk-proxy-team-a.upstream-key=sk-upstream-team-a",
				"llm.monitor.proxy.keys.sk-proxy-team-a.project=team-a",
				"llm.monitor.proxy.keys.sk-proxy-team-a.client-id=team-a-services",
				"llm.monitor.proxy.keys.sk-proxy-team-a.tags=internal",
				"llm.monitor.proxy.keys.sk-proxy-team-a.attributes.cost-center=cc-17",
				"llm.monitor.proxy.keys.batch.key=Sk-Batch.From.Environment",
				"llm.monitor.proxy.keys.batch.project=batch" })
class LlmMonitorProxyKeysIntegrationTests extends ProxyIntegrationTestSupport {

	@Test
	void keyIsReplacedByItsUpstreamKeyAndItsMetadataApplies() throws InterruptedException {
		upstream.enqueue(UpstreamServer.json("openai-chat-plain.json"));

		chat(openAi("sk-proxy-team-a"));

		UpstreamServer.Received received = upstream.takeRequest();
		assertThat(received.header("Authorization")).isEqualTo("Bearer sk-upstream-team-a");
		assertThat(received.bodyText()).doesNotContain("sk-proxy-team-a");
		LlmCall call = this.captured.only();
		assertThat(call.project()).isEqualTo("team-a");
		assertThat(call.context().clientId()).isEqualTo("team-a-services");
		assertThat(call.context().tags()).containsExactly("internal");
		assertThat(call.context().attributes()).containsEntry("cost-center", "cc-17");
		// a key that is its own entry's name is named by a digest, never by itself
		assertThat(call.origin().proxyKey()).isEqualTo(ProxyKeys.fingerprint("sk-proxy-team-a"))
			.startsWith("sha256:")
			.hasSize("sha256:".length() + 12);
		assertThat(call.toString()).doesNotContain("sk-proxy-team-a").doesNotContain("sk-upstream-team-a");
	}

	@Test
	void headersOverrideTheKeysMetadata() throws InterruptedException {
		upstream.enqueue(UpstreamServer.json("openai-chat-plain.json"));
		OpenAIClient client = openAi("sk-proxy-team-a")
			.withOptions((options) -> options.putHeader("X-LLM-Project", "team-a-experiments")
				.putHeader("X-LLM-Tags", "canary")
				.putHeader("X-LLM-Attribute-Cost-Center", "cc-99"));

		chat(client);

		assertThat(upstream.takeRequest().hasHeaderStartingWith("x-llm-")).isFalse();
		LlmCall call = this.captured.only();
		assertThat(call.project()).isEqualTo("team-a-experiments");
		assertThat(call.context().clientId()).isEqualTo("team-a-services");
		assertThat(call.context().tags()).containsExactly("internal", "canary");
		assertThat(call.context().attributes()).containsEntry("cost-center", "cc-99");
	}

	@Test
	void keyGivenInItsOwnPropertyUsesTheSharedUpstreamKey() throws InterruptedException {
		upstream.enqueue(UpstreamServer.json("openai-chat-plain.json"));

		chat(openAi("Sk-Batch.From.Environment"));

		assertThat(upstream.takeRequest().header("Authorization")).isEqualTo("Bearer sk-upstream-shared");
		LlmCall call = this.captured.only();
		assertThat(call.project()).isEqualTo("batch");
		assertThat(call.origin().proxyKey()).isEqualTo("batch");
		assertThat(call.toString()).doesNotContain("Sk-Batch.From.Environment");
	}

	@Test
	void azureStyleApiKeyHeaderIsAcceptedAndReplacedInKind() throws Exception {
		upstream.enqueue(UpstreamServer.json("openai-chat-plain.json"));

		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(proxyUrl("/chat/completions")))
				.header("api-key", "sk-proxy-team-a")
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(200);
		UpstreamServer.Received received = upstream.takeRequest();
		assertThat(received.header("api-key")).isEqualTo("sk-upstream-team-a");
		assertThat(received.header("Authorization")).isNull();
		// its record, before the next test begins
		assertThat(this.captured.only().project()).isEqualTo("team-a");
	}

	@Test
	void unknownOrMissingKeyIsRejectedWithAnOpenAiStyle401() throws Exception {
		Throwable thrown = catchThrowable(() -> chat(openAi("sk-not-a-proxy-key")));
		HttpResponse<String> noKey = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(proxyUrl("/models"))).GET().build(),
					HttpResponse.BodyHandlers.ofString());

		assertThat(thrown).isInstanceOfSatisfying(UnauthorizedException.class,
				(ex) -> assertThat(ex.code()).hasValue("invalid_api_key"));
		assertThat(noKey.statusCode()).isEqualTo(401);
		assertThat(noKey.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(noKey.body()).contains("\"type\":\"invalid_request_error\"")
			.contains("\"code\":\"invalid_api_key\"");
		assertThat(upstream.hasRequest()).isFalse();
		await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(this.captured.calls::isEmpty);
	}

	private static void chat(OpenAIClient client) {
		client.chat()
			.completions()
			.create(ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Hi").build());
	}

}
