package io.llmmonitor.http;

import io.llmmonitor.record.CallOrigin;
import io.llmmonitor.record.CallSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The base URL a call's record and the GenAI meters' {@code server.address} come from:
 * scheme, host, port unless the scheme's default, and the path before the operation.
 */
class HttpTargetTests {

	@Test
	void baseUrlIsThePathBeforeTheOperationWithoutTheDefaultPort() {
		assertThat(new HttpTarget("https", "api.openai.com", 443, "/v1/chat/completions", false, false).baseUrl())
			.isEqualTo("https://api.openai.com/v1");
		assertThat(new HttpTarget("HTTPS", "api.openai.com", -1, "/v1/embeddings/", false, false).baseUrl())
			.isEqualTo("https://api.openai.com/v1");
		assertThat(new HttpTarget("http", "localhost", 11434, "/v1/chat/completions", false, false).baseUrl())
			.isEqualTo("http://localhost:11434/v1");
		assertThat(new HttpTarget("https", "generativelanguage.googleapis.com", 443, "/v1beta/openai/chat/completions",
				false, false)
			.baseUrl()).isEqualTo("https://generativelanguage.googleapis.com/v1beta/openai");
		assertThat(new HttpTarget("https", "acme.openai.azure.com", 443, "/openai/deployments/gpt-4o/chat/completions",
				true, false)
			.baseUrl()).isEqualTo("https://acme.openai.azure.com/openai/deployments/gpt-4o");
		assertThat(new HttpTarget("http", "::1", 8080, "/responses", false, false).baseUrl())
			.isEqualTo("http://[::1]:8080");
		assertThat(new HttpTarget("https", "api.anthropic.com", 443, "/v1/messages", false, true).baseUrl())
			.isEqualTo("https://api.anthropic.com/v1");
		assertThat(new HttpTarget(null, null, -1, "/v1/chat/completions", false, false).baseUrl()).isNull();
	}

	@Test
	void originNamesTheServerAddressAndPortOfItsBaseUrl() {
		CallOrigin azure = new CallOrigin(CallSource.HTTP, "azure",
				"https://acme.openai.azure.com/openai/deployments/gpt-4o");
		assertThat(azure.serverAddress()).isEqualTo("acme.openai.azure.com");
		assertThat(azure.serverPort()).isEqualTo(443);
		CallOrigin ollama = new CallOrigin(CallSource.HTTP, "ollama", "http://localhost:11434/v1");
		assertThat(ollama.serverAddress()).isEqualTo("localhost");
		assertThat(ollama.serverPort()).isEqualTo(11434);
		assertThat(new CallOrigin(CallSource.HTTP, "openai", "http://example.com/v1").serverPort()).isEqualTo(80);
		CallOrigin unseen = new CallOrigin(CallSource.ADVISOR, "openai");
		assertThat(unseen.serverAddress()).isNull();
		assertThat(unseen.serverPort()).isEqualTo(-1);
		assertThat(new CallOrigin(CallSource.HTTP, "openai", "not a url").serverAddress()).isNull();
	}

}
