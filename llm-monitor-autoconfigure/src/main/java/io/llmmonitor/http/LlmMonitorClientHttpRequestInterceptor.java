package io.llmmonitor.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import io.llmmonitor.capture.LlmCallCorrelation;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.Assert;

/**
 * {@link ClientHttpRequestInterceptor} that captures OpenAI-compatible calls made through
 * a {@code RestClient} or {@code RestTemplate}. The response body is observed as the
 * caller reads it, never buffered ahead of the caller.
 *
 * @since 0.1.0
 */
public final class LlmMonitorClientHttpRequestInterceptor implements ClientHttpRequestInterceptor {

	private final HttpLlmCapture capture;

	/**
	 * Create an interceptor.
	 * @param capture the capture
	 */
	public LlmMonitorClientHttpRequestInterceptor(HttpLlmCapture capture) {
		Assert.notNull(capture, "'capture' must not be null");
		this.capture = capture;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		HttpHeaders headers = request.getHeaders();
		HttpLlmExchange exchange = this.capture.start(request.getMethod().name(), request.getURI(),
				new SpringHeaders(headers), null, null);
		if (headers.containsHeader(LlmCallCorrelation.HEADER)) {
			headers.remove(LlmCallCorrelation.HEADER);
		}
		if (exchange == null) {
			return execution.execute(request, body);
		}
		if (exchange.observesBody()) {
			exchange.requestBody(body);
		}
		ClientHttpResponse response;
		try {
			response = execution.execute(request, body);
			exchange.response(response.getStatusCode().value(), new SpringHeaders(response.getHeaders()));
		}
		catch (IOException | RuntimeException ex) {
			exchange.failed(ex);
			throw ex;
		}
		return exchange.observesBody() ? new ObservedResponse(response, exchange) : response;
	}

	private static final class ObservedResponse implements ClientHttpResponse {

		private final ClientHttpResponse delegate;

		private final HttpLlmExchange exchange;

		private @Nullable InputStream body;

		ObservedResponse(ClientHttpResponse delegate, HttpLlmExchange exchange) {
			this.delegate = delegate;
			this.exchange = exchange;
		}

		@Override
		public HttpStatusCode getStatusCode() throws IOException {
			return this.delegate.getStatusCode();
		}

		@Override
		public String getStatusText() throws IOException {
			return this.delegate.getStatusText();
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.delegate.getHeaders();
		}

		@Override
		public synchronized InputStream getBody() throws IOException {
			if (this.body == null) {
				this.body = new ObservingInputStream(this.delegate.getBody(), this.exchange);
			}
			return this.body;
		}

		@Override
		public void close() {
			this.exchange.bodyClosed();
			this.delegate.close();
		}

	}

	private static final class ObservingInputStream extends FilterInputStream {

		private final HttpLlmExchange exchange;

		ObservingInputStream(InputStream in, HttpLlmExchange exchange) {
			super(in);
			this.exchange = exchange;
		}

		@Override
		public int read() throws IOException {
			int b;
			try {
				b = super.read();
			}
			catch (IOException | RuntimeException ex) {
				this.exchange.failed(ex);
				throw ex;
			}
			if (b == -1) {
				this.exchange.bodyEnded();
			}
			else {
				this.exchange.body(new byte[] { (byte) b }, 0, 1);
			}
			return b;
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			int read;
			try {
				read = super.read(bytes, offset, length);
			}
			catch (IOException | RuntimeException ex) {
				this.exchange.failed(ex);
				throw ex;
			}
			if (read == -1) {
				this.exchange.bodyEnded();
			}
			else {
				this.exchange.body(bytes, offset, read);
			}
			return read;
		}

		@Override
		public long skip(long n) throws IOException {
			byte[] skipped = new byte[(int) Math.min(n, 8192)];
			int read = read(skipped, 0, skipped.length);
			return Math.max(read, 0);
		}

		@Override
		public void close() throws IOException {
			this.exchange.bodyClosed();
			super.close();
		}

	}

}
