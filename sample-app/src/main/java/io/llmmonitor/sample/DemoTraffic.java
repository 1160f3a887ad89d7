package io.llmmonitor.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.llmmonitor.context.LlmMonitor;
import io.llmmonitor.springai.LlmMonitorParams;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Makes a varied LLM call every few seconds so that a newcomer sees meters and records at
 * once: two models, plain and streamed calls, a tool call, an error, a hand-written HTTP
 * stream, a call through the monitoring proxy, attributes, tags and thread ids. Against
 * the built-in simulator by default; against a real provider only when
 * {@code sample.traffic.enabled=true}.
 */
@Component
class DemoTraffic implements DisposableBean {

	private static final Log logger = LogFactory.getLog(DemoTraffic.class);

	private static final List<String> QUESTIONS = List.of("What is the capital of France?",
			"Explain observability in one sentence.", "Write a haiku about databases.",
			"What is a token, in LLM terms?", "Summarise the benefits of Spring Boot starters.");

	private final ChatClient chatClient;

	private final RestClient restClient;

	private final TrafficProperties properties;

	private final boolean simulator;

	private final Environment environment;

	private final HttpClient proxyClient = HttpClient.newHttpClient();

	private final AtomicLong turn = new AtomicLong();

	private final ScheduledExecutorService scheduler = Executors
		.newSingleThreadScheduledExecutor((task) -> new Thread(task, "demo-traffic"));

	DemoTraffic(ChatClient.Builder chatClientBuilder, RestClient.Builder restClientBuilder,
			TrafficProperties properties, Environment environment) {
		this.chatClient = chatClientBuilder.build();
		this.restClient = restClientBuilder
			.baseUrl(String.valueOf(environment.getProperty("spring.ai.openai.base-url")))
			.build();
		this.properties = properties;
		this.simulator = String.valueOf(environment.getProperty("spring.ai.openai.base-url")).contains("/simulator");
		this.environment = environment;
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		boolean enabled = "auto".equals(this.properties.enabled()) ? this.simulator
				: Boolean.parseBoolean(this.properties.enabled());
		if (!enabled) {
			logger.info("Demo traffic is off (sample.traffic.enabled=" + this.properties.enabled() + ")");
			return;
		}
		Duration interval = this.properties.interval();
		logger.info("Demo traffic: one LLM call every " + interval.toMillis() + " ms against "
				+ (this.simulator ? "the built-in simulator" : "the configured provider"));
		this.scheduler.scheduleWithFixedDelay(this::oneCall, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	void oneCall() {
		long turn = this.turn.getAndIncrement();
		List<String> models = this.properties.models();
		String model = models.get((int) (turn % models.size()));
		String question = QUESTIONS.get((int) (turn % QUESTIONS.size()));
		String tenant = (turn % 3 == 0) ? "globex" : "acme";
		String thread = "demo-thread-" + (turn % 4);
		try (LlmMonitor.Scope scope = LlmMonitor.with().userId("demo-user-" + (turn % 5)).tag("demo").open()) {
			switch ((int) (turn % 7)) {
				case 0, 3 -> this.chatClient.prompt()
					.options(OpenAiChatOptions.builder().model(model))
					.advisors(LlmMonitorParams.threadId(thread)
						.withAttribute("tenant", tenant)
						.withAttribute("feature", "faq"))
					.user(question)
					.call()
					.content();
				case 1 -> this.chatClient.prompt()
					.options(OpenAiChatOptions.builder().model(model))
					.advisors(LlmMonitorParams.threadId(thread)
						.withAttribute("tenant", tenant)
						.withAttribute("feature", "chat"))
					.user(question)
					.stream()
					.content()
					.blockLast(Duration.ofSeconds(60));
				case 2 -> this.chatClient.prompt()
					.options(OpenAiChatOptions.builder().model(model))
					.advisors(LlmMonitorParams.threadId(thread)
						.withAttribute("tenant", tenant)
						.withAttribute("feature", "weather"))
					.tools(new WeatherTools())
					.user("What is the weather in Lisbon right now?")
					.call()
					.content();
				case 5 -> {
					if (this.simulator) {
						directHttpStream(model, question, thread, tenant);
					}
				}
				case 6 -> {
					if (this.simulator) {
						throughTheProxy(model, question, thread, tenant);
					}
				}
				default -> this.chatClient.prompt()
					.options(OpenAiChatOptions.builder().model("no-such-model"))
					.advisors(LlmMonitorParams.threadId(thread)
						.withAttribute("tenant", tenant)
						.withAttribute("feature", "broken"))
					.user(question)
					.call()
					.content();
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Demo call failed as some do: " + ex.getMessage());
		}
	}

	/**
	 * A hand-written streamed request to the OpenAI-compatible API, without a usage
	 * chunk: recorded at the HTTP level ({@code source=http}) with estimated tokens.
	 * @param model the model
	 * @param question the user's question
	 * @param thread the thread id
	 * @param tenant the tenant attribute
	 */
	private void directHttpStream(String model, String question, String thread, String tenant) {
		try (LlmMonitor.Scope scope = LlmMonitor.with()
			.threadId(thread)
			.attribute("tenant", tenant)
			.attribute("feature", "direct-http")
			.open()) {
			this.restClient.post()
				.uri("/chat/completions")
				.body(Map.of("model", model, "stream", true, "messages",
						List.of(Map.of("role", "user", "content", question))))
				.exchange((request, response) -> response.getBody().readAllBytes());
		}
	}

	/**
	 * A request through the monitoring proxy, as a program in any language would send it
	 * (the JDK's own HTTP client, which llm-monitor does not instrument): recorded by the
	 * proxy ({@code source=proxy}) with the metadata of its {@code X-LLM-*} headers.
	 * @param model the model
	 * @param question the user's question
	 * @param thread the thread id
	 * @param tenant the tenant attribute
	 */
	private void throughTheProxy(String model, String question, String thread, String tenant) {
		String port = this.environment.getProperty("local.server.port");
		if (port == null || !this.environment.getProperty("llm.monitor.proxy.enabled", Boolean.class, false)) {
			return;
		}
		String url = "http://localhost:" + port + this.environment.getProperty("llm.monitor.proxy.path", "/llm-proxy")
				+ "/v1/chat/completions";
		String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + question
				+ "\"}]}";
		try {
			this.proxyClient.send(HttpRequest.newBuilder(URI.create(url))
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer sk-demo")
				.header("X-LLM-Client-Id", "demo-script")
				.header("X-LLM-Thread-Id", thread)
				.header("X-LLM-Tags", "demo,proxy")
				.header("X-LLM-Attribute-Tenant", tenant)
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.discarding());
		}
		catch (IOException ex) {
			logger.debug("Demo call through the proxy failed: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void destroy() {
		this.scheduler.shutdownNow();
	}

}
