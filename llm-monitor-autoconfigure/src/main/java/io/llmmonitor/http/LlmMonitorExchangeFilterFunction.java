package io.llmmonitor.http;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

import io.llmmonitor.capture.HttpDetails;
import io.llmmonitor.capture.LlmCallCorrelation;
import io.llmmonitor.context.LlmMonitor;
import io.llmmonitor.record.CallOperation;
import io.llmmonitor.record.LlmCallContext;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpRequestDecorator;
import org.springframework.util.Assert;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * {@link ExchangeFilterFunction} that captures OpenAI-compatible calls made through a
 * {@code WebClient}. Each piece of the response body is observed as it passes to the
 * caller; nothing is buffered ahead of it. Scoped metadata and the call a streaming model
 * request belongs to are read from the Reactor context.
 *
 * @since 0.1.0
 */
public final class LlmMonitorExchangeFilterFunction implements ExchangeFilterFunction {

	private final HttpLlmCapture capture;

	/**
	 * Create a filter.
	 * @param capture the capture
	 */
	public LlmMonitorExchangeFilterFunction(HttpLlmCapture capture) {
		Assert.notNull(capture, "'capture' must not be null");
		this.capture = capture;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		boolean tagged = request.headers().containsHeader(LlmCallCorrelation.HEADER);
		CallOperation operation = OpenAiApi.operation(request.method().name(), request.url().getRawPath());
		if (operation == null) {
			return next.exchange(tagged ? untagged(request).build() : request);
		}
		return Mono.deferContextual((context) -> exchange(operation, request, next, context));
	}

	private Mono<ClientResponse> exchange(CallOperation operation, ClientRequest request, ExchangeFunction next,
			ContextView context) {
		URI url = request.url();
		HttpLlmExchange exchange = this.capture.startOperation(operation, url.getScheme(), url.getHost(), url.getPort(),
				url.getRawPath(), new SpringHeaders(request.headers()), scoped(context), advisedCall(context));
		ClientRequest.Builder builder = untagged(request);
		if (exchange == null) {
			return next.exchange(builder.build());
		}
		if (exchange.observesBody()) {
			builder.body((message, insertContext) -> request.body()
				.insert(new BodyCapturingRequest(message, exchange), insertContext));
		}
		return next.exchange(builder.build())
			.doOnError(exchange::failed)
			.doOnCancel(exchange::bodyClosed)
			.map((response) -> observed(response, exchange));
	}

	private static ClientResponse observed(ClientResponse response, HttpLlmExchange exchange) {
		exchange.response(response.statusCode().value(), new SpringHeaders(response.headers().asHttpHeaders()));
		if (!exchange.observesBody()) {
			return response;
		}
		return response.mutate()
			.body((body) -> body.doOnNext((buffer) -> observe(buffer, exchange))
				.doOnComplete(exchange::bodyEnded)
				.doOnError(exchange::failed)
				.doOnCancel(exchange::bodyClosed))
			.build();
	}

	private static void observe(DataBuffer buffer, HttpLlmExchange exchange) {
		try (DataBuffer.ByteBufferIterator buffers = buffer.readableByteBuffers()) {
			while (buffers.hasNext()) {
				ByteBuffer bytes = buffers.next();
				if (bytes.hasArray()) {
					exchange.body(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
				}
				else {
					byte[] copy = new byte[bytes.remaining()];
					bytes.duplicate().get(copy);
					exchange.body(copy, 0, copy.length);
				}
			}
		}
	}

	private static ClientRequest.Builder untagged(ClientRequest request) {
		return ClientRequest.from(request).headers((headers) -> headers.remove(LlmCallCorrelation.HEADER));
	}

	private static @Nullable LlmCallContext scoped(ContextView context) {
		Object scoped = context.getOrDefault(LlmMonitor.CONTEXT_KEY, null);
		return (scoped instanceof LlmCallContext callContext) ? callContext : null;
	}

	@SuppressWarnings("unchecked")
	private static @Nullable Consumer<HttpDetails> advisedCall(ContextView context) {
		Object call = context.getOrDefault(LlmCallCorrelation.CONTEXT_KEY, null);
		return (call instanceof Consumer<?> consumer) ? (Consumer<HttpDetails>) consumer : null;
	}

	/**
	 * Copies the request body as the codec writes it.
	 */
	private static final class BodyCapturingRequest extends ClientHttpRequestDecorator {

		private final HttpLlmExchange exchange;

		private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

		BodyCapturingRequest(ClientHttpRequest delegate, HttpLlmExchange exchange) {
			super(delegate);
			this.exchange = exchange;
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
			if (body instanceof Mono<? extends DataBuffer> mono) {
				return super.writeWith(mono.doOnNext(this::copy).doOnSuccess((buffer) -> done()));
			}
			return super.writeWith(Flux.from(body).doOnNext(this::copy).doOnComplete(this::done));
		}

		private void copy(DataBuffer buffer) {
			try (DataBuffer.ByteBufferIterator buffers = buffer.readableByteBuffers()) {
				while (buffers.hasNext()) {
					ByteBuffer bytes = buffers.next().duplicate();
					byte[] chunk = new byte[bytes.remaining()];
					bytes.get(chunk);
					this.copy.writeBytes(chunk);
				}
			}
		}

		private void done() {
			this.exchange.requestBody(this.copy.toByteArray());
		}

	}

}
