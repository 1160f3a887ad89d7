package io.llmmonitor.capture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Providers}.
 */
class ProvidersTests {

	@Test
	void namesTheProviderOfABaseUrl() {
		assertThat(Providers.fromUrl(null)).isEqualTo(Providers.OPENAI);
		assertThat(Providers.fromUrl(" ")).isEqualTo(Providers.OPENAI);
		assertThat(Providers.fromUrl("https://api.openai.com/v1")).isEqualTo(Providers.OPENAI);
		assertThat(Providers.fromUrl("https://my-resource.openai.azure.com")).isEqualTo("azure");
		assertThat(Providers.fromUrl("https://api.groq.com/openai/v1")).isEqualTo("groq");
		assertThat(Providers.fromUrl("http://localhost:11434/v1")).isEqualTo("ollama");
		assertThat(Providers.fromUrl("http://127.0.0.1:8000/v1")).isEqualTo(Providers.OPENAI_COMPATIBLE);
		assertThat(Providers.fromUrl("not a url")).isEqualTo(Providers.OPENAI_COMPATIBLE);
	}

	@Test
	void remembersNoMoreThanTheAnswerForTheSameUrl() {
		for (int i = 0; i < 3; i++) {
			assertThat(Providers.fromUrl("https://api.groq.com/openai/v1")).isEqualTo("groq");
			assertThat(Providers.fromUrl("https://api.groq.com/openai/v1")).isEqualTo("groq");
			assertThat(Providers.fromUrl("http://localhost:11434/v1")).isEqualTo("ollama");
			assertThat(Providers.fromUrl("https://api.deepseek.com")).isEqualTo("deepseek");
		}
	}

	@Test
	void remembersNoMoreThanTheAnswerForTheSameHostAndPort() {
		for (int i = 0; i < 3; i++) {
			assertThat(Providers.fromHost("api.groq.com", 443)).isEqualTo("groq");
			assertThat(Providers.fromHost("api.groq.com", 443)).isEqualTo("groq");
			assertThat(Providers.fromHost("localhost", 11434)).isEqualTo("ollama");
			assertThat(Providers.fromHost("localhost", 8000)).isEqualTo(Providers.OPENAI_COMPATIBLE);
			assertThat(Providers.fromHost("API.OpenAI.com", -1)).isEqualTo(Providers.OPENAI);
		}
	}

}
