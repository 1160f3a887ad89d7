package io.llmmonitor.http;

import java.io.IOException;
import java.io.OutputStream;

import io.llmmonitor.capture.LlmCallCorrelation;
import io.llmmonitor.record.CallOperation;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import okio.Source;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * OkHttp {@link Interceptor} that captures OpenAI-compatible calls, added to the clients
 * of Spring AI's OpenAI models. Stateless: one instance serves every client, and a
 * request it has seen is not captured twice should it be added to a client again. The
 * response body is observed as the caller reads it, never buffered ahead of the caller.
 *
 * @since 0.1.0
 */
public final class LlmMonitorOkHttpInterceptor implements Interceptor {

	/**
	 * How deep the current thread is in this interceptor's chain: a request passes
	 * through an interceptor added to its client twice without being captured twice.
	 */
	private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

	private final HttpLlmCapture capture;

	/**
	 * Create an interceptor.
	 * @param capture the capture
	 */
	public LlmMonitorOkHttpInterceptor(HttpLlmCapture capture) {
		Assert.notNull(capture, "'capture' must not be null");
		this.capture = capture;
	}

	@Override
	public Response intercept(Chain chain) throws IOException {
		int[] depth = DEPTH.get();
		if (depth[0] > 0) {
			return chain.proceed(chain.request());
		}
		depth[0]++;
		try {
			return capture(chain);
		}
		finally {
			depth[0]--;
		}
	}

	private Response capture(Chain chain) throws IOException {
		Request request = chain.request();
		boolean tagged = request.header(LlmCallCorrelation.HEADER) != null;
		if (tagged) {
			request = untagged(request);
		}
		HttpUrl url = request.url();
		String path = url.encodedPath();
		CallOperation operation = OpenAiApi.operation(request.method(), path);
		if (operation == null) {
			return chain.proceed(request);
		}
		HttpLlmExchange exchange = this.capture.startOperation(operation, url.scheme(), url.host(), url.port(), path,
				new OkHttpHeaderReader(chain.request().headers()), null, null);
		if (exchange == null) {
			return chain.proceed(request);
		}
		if (exchange.observesBody()) {
			byte[] body = requestBody(request.body());
			if (body != null) {
				exchange.requestBody(body);
			}
		}
		Response response;
		try {
			response = chain.proceed(request);
		}
		catch (IOException | RuntimeException ex) {
			exchange.failed(ex);
			throw ex;
		}
		exchange.response(response.code(), new OkHttpHeaderReader(response.headers()));
		ResponseBody body = response.body();
		if (!exchange.observesBody()) {
			return response;
		}
		if (body == null) {
			exchange.bodyEnded();
			return response;
		}
		return response.newBuilder().body(new ObservedResponseBody(body, exchange)).build();
	}

	private static Request untagged(Request request) {
		return request.newBuilder().removeHeader(LlmCallCorrelation.HEADER).build();
	}

	private static byte @Nullable [] requestBody(@Nullable RequestBody body) throws IOException {
		if (body == null || body.isOneShot() || body.isDuplex()) {
			return null;
		}
		Buffer buffer = new Buffer();
		body.writeTo(buffer);
		return buffer.readByteArray();
	}

	private static final class ObservedResponseBody extends ResponseBody {

		private final ResponseBody delegate;

		private final BufferedSource source;

		ObservedResponseBody(ResponseBody delegate, HttpLlmExchange exchange) {
			this.delegate = delegate;
			this.source = Okio.buffer(new ObservingSource(delegate.source(), exchange));
		}

		@Override
		public @Nullable MediaType contentType() {
			return this.delegate.contentType();
		}

		@Override
		public long contentLength() {
			return this.delegate.contentLength();
		}

		@Override
		public BufferedSource source() {
			return this.source;
		}

	}

	private static final class ObservingSource extends ForwardingSource {

		private final HttpLlmExchange exchange;

		private final OutputStream sink;

		ObservingSource(Source delegate, HttpLlmExchange exchange) {
			super(delegate);
			this.exchange = exchange;
			this.sink = new OutputStream() {

				@Override
				public void write(int b) {
					exchange.body(new byte[] { (byte) b }, 0, 1);
				}

				@Override
				public void write(byte[] bytes, int offset, int length) {
					exchange.body(bytes, offset, length);
				}

			};
		}

		@Override
		public long read(Buffer sink, long byteCount) throws IOException {
			long read;
			try {
				read = super.read(sink, byteCount);
			}
			catch (IOException | RuntimeException ex) {
				this.exchange.failed(ex);
				throw ex;
			}
			if (read == -1) {
				this.exchange.bodyEnded();
			}
			else if (read > 0) {
				sink.copyTo(this.sink, sink.size() - read, read);
			}
			return read;
		}

		@Override
		public void close() throws IOException {
			this.exchange.bodyClosed();
			super.close();
		}

	}

}
