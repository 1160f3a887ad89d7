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
import org.springframework.ai.chat.client.advisor.MessageChatMemoryAdvisor;
import org.springframework.ai.chat.memory.ChatMemory;
import org.springframework.ai.chat.memory.MessageWindowChatMemory;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Makes a varied LLM call every few seconds so that a newcomer sees meters, records and
 * every panel of the board at once: conversations of several turns (chat memory, one
 * thread each), plain and streamed calls, a tool call, three projects, five users,
 * several models, a reasoning model, a model without a price, a hand-written HTTP stream,
 * calls through the monitoring proxy, and errors of several kinds (an unknown model, a
 * rate limit, a gateway's HTML error page). Against the built-in simulator by default;
 * against a real provider only when {@code sample.traffic.enabled=true}, and then only
 * the plain calls to the configured models.
 */
@Component
class DemoTraffic implements DisposableBean {

	private static final Log logger = LogFactory.getLog(DemoTraffic.class);

	/** Turns of one demo conversation; a thread starts over after the last. */
	private static final List<String> CONVERSATION = List.of("What is the capital of France?",
			"And how many people live there?", "Suggest one museum to visit.", "Thanks! Summarise our chat.");

	private static final List<String> QUESTIONS = List.of("Explain observability in one sentence.",
			"Write a haiku about databases.", "What is a token, in LLM terms?",
			"Summarise the benefits of Spring Boot starters.");

	private static final int STEPS = 12;

	private final ChatClient chatClient;

	private final ChatClient conversations;

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
		ChatMemory memory = MessageWindowChatMemory.builder().maxMessages(20).build();
		this.chatClient = chatClientBuilder.clone().build();
		this.conversations = chatClientBuilder.clone()
			.defaultAdvisors(MessageChatMemoryAdvisor.builder(memory).build())
			.build();
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
		int step = (int) (turn % STEPS);
		if (!this.simulator && step > 2) {
			step = (int) (turn % 3);
		}
		try (LlmMonitor.Scope scope = LlmMonitor.with().userId("demo-user-" + (turn % 5)).tag("demo").open()) {
			switch (step) {
				case 0 -> conversation(turn, "sample", model, false);
				case 1 -> conversation(turn, "sample", model, true);
				case 2 -> this.chatClient.prompt()
					.options(OpenAiChatOptions.builder().model(model))
					.advisors(LlmMonitorParams.attribute("tenant", tenant).withAttribute("feature", "weather"))
					.tools(new WeatherTools())
					.user("What is the weather in Lisbon right now?")
					.call()
					.content();
				case 3 -> conversation(turn, "support-bot", "gpt-4.1-nano", false);
				case 4 -> conversation(turn, "support-bot", "o3-mini", true);
				case 5 -> directHttpStream(model, question, tenant);
				case 6 -> throughTheProxy(model, question, tenant, "search");
				case 7 -> ask("no-such-model", question, "sample", tenant);
				case 8 -> ask("acme-local-7b", question, "search", tenant);
				case 9 -> throughTheProxy(model, question + " [simulate:429]", tenant, "search");
				case 10 -> directHttpCall(model, question + " [simulate:503]", tenant);
				default -> ask("gpt-5-mini", question, "search", tenant);
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Demo call failed as some do: " + ex.getMessage());
		}
	}

	// One turn of a conversation kept in chat memory: its conversation id is the call's
	// thread id, and each turn sends the earlier ones again.
	private void conversation(long turn, String project, String model, boolean stream) {
		long round = turn / STEPS;
		String thread = project + "-thread-" + (round / CONVERSATION.size()) % 1000 + "-" + (turn % STEPS);
		String text = CONVERSATION.get((int) (round % CONVERSATION.size()));
		ChatClient.ChatClientRequestSpec request = this.conversations.prompt()
			.options(OpenAiChatOptions.builder().model(model))
			.advisors((advisors) -> advisors.param(ChatMemory.CONVERSATION_ID, thread))
			.advisors(LlmMonitorParams.project(project).withAttribute("feature", "chat"))
			.user(text);
		if (stream) {
			request.stream().content().blockLast(Duration.ofSeconds(60));
		}
		else {
			request.call().content();
		}
	}

	private void ask(String model, String question, String project, String tenant) {
		this.chatClient.prompt()
			.options(OpenAiChatOptions.builder().model(model))
			.advisors(LlmMonitorParams.project(project).withAttribute("tenant", tenant).withAttribute("feature", "faq"))
			.user(question)
			.call()
			.content();
	}

	// A hand-written streamed request to the OpenAI-compatible API, without a usage
	// chunk: recorded at the HTTP level ({@code source=http}) with estimated tokens.
	private void directHttpStream(String model, String question, String tenant) {
		try (LlmMonitor.Scope scope = LlmMonitor.with()
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

	// A hand-written request whose answer may be an error page rather than JSON.
	private void directHttpCall(String model, String question, String tenant) {
		try (LlmMonitor.Scope scope = LlmMonitor.with()
			.attribute("tenant", tenant)
			.attribute("feature", "direct-http")
			.open()) {
			this.restClient.post()
				.uri("/chat/completions")
				.body(Map.of("model", model, "messages", List.of(Map.of("role", "user", "content", question))))
				.exchange((request, response) -> response.getBody().readAllBytes());
		}
	}

	// A request through the monitoring proxy, as a program in any language would send it
	// (the JDK's own HTTP client, which llm-monitor does not instrument): recorded by the
	// proxy ({@code source=proxy}) with the metadata of its {@code X-LLM-*} headers.
	private void throughTheProxy(String model, String question, String tenant, String project) {
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
				.header("X-LLM-Project", project)
				.header("X-LLM-User-Id", "script-user")
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
