package io.llmmonitor.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import io.llmmonitor.http.HttpLlmExchange;
import jakarta.servlet.http.HttpServletResponse;
import okhttp3.Headers;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Relays the upstream's answer to the proxy's client as it arrives, flushing whenever the
 * upstream pauses so that a stream reaches the client chunk by chunk, and answers as
 * OpenAI's API does when the upstream fails: 502 when it cannot be reached or breaks off
 * before answering, 504 when it does not answer in time, an {@code error} event at the
 * end of an event stream it breaks off.
 */
final class UpstreamRelay {

	private static final Log logger = LogFactory.getLog(UpstreamRelay.class);

	private static final Set<String> RESPONSE_HEADERS_NOT_RELAYED = Set.of("connection", "keep-alive",
			"proxy-authenticate", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
			"content-length");

	private static final byte[] EVENT_START = "\n\ndata: ".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] EVENT_END = "\n\n".getBytes(StandardCharsets.US_ASCII);

	private final ProxyLimits limits;

	/**
	 * Create a relay.
	 * @param limits the timeouts, named in 504 answers
	 */
	UpstreamRelay(ProxyLimits limits) {
		this.limits = limits;
	}

	/**
	 * What to report for a failed upstream call: a timeout when the watchdog cancelled it
	 * for one, else the failure itself.
	 * @param watch the call's watch
	 * @param ex what the call threw
	 * @return the failure to report
	 */
	Throwable failure(UpstreamWatch watch, Throwable ex) {
		String message = switch (watch.verdict()) {
			case FIRST_BYTE_TIMEOUT -> "The upstream did not answer within " + this.limits.firstByteTimeout().toMillis()
					+ "ms (llm.monitor.proxy.first-byte-timeout)";
			case IDLE_TIMEOUT -> "The upstream sent nothing for " + this.limits.idleTimeout().toMillis()
					+ "ms (llm.monitor.proxy.idle-timeout)";
			default -> null;
		};
		if (message == null) {
			return ex;
		}
		SocketTimeoutException timeout = new SocketTimeoutException(message);
		timeout.initCause(ex);
		return timeout;
	}

	void relay(Response upstream, HttpServletResponse response, UpstreamWatch watch, @Nullable HttpLlmExchange exchange)
			throws IOException {
		response.setStatus(upstream.code());
		Headers headers = upstream.headers();
		for (int i = 0; i < headers.size(); i++) {
			String name = headers.name(i);
			if (!RESPONSE_HEADERS_NOT_RELAYED.contains(name.toLowerCase(Locale.ROOT))) {
				response.addHeader(name, headers.value(i));
			}
		}
		ResponseBody body = upstream.body();
		long length = (body != null) ? body.contentLength() : 0;
		if (length >= 0 && upstream.header("Content-Length") != null) {
			response.setContentLengthLong(length);
		}
		if (body == null) {
			finish(response, exchange);
			return;
		}
		boolean eventStream = isEventStream(upstream.header("Content-Type"));
		// Whatever may stream is passed on whenever the upstream pauses; a whole LLM
		// answer is held in the server's buffer, so that one that breaks off early can
		// still be answered with a 502.
		boolean flushOnPause = eventStream || exchange == null;
		InputStream in = body.byteStream();
		OutputStream out = response.getOutputStream();
		if (eventStream) {
			watch.eventStream(out);
		}
		byte[] buffer = new byte[8192];
		while (true) {
			int read;
			try {
				read = in.read(buffer);
			}
			catch (IOException | RuntimeException ex) {
				if (watch.verdict() == UpstreamWatch.Verdict.CLIENT_GONE) {
					clientGone(exchange);
					return;
				}
				Throwable failure = failure(watch, ex);
				if (exchange != null) {
					exchange.failed(failure);
				}
				cutOff(response, watch, eventStream, failure);
				return;
			}
			if (read == -1) {
				break;
			}
			watch.read(System.nanoTime());
			try {
				watch.write(out, buffer, read, flushOnPause && in.available() == 0);
			}
			catch (IOException ex) {
				// The client went away: stop the upstream request too.
				watch.cancel(UpstreamWatch.Verdict.CLIENT_GONE);
				clientGone(exchange);
				return;
			}
			if (exchange != null) {
				exchange.body(buffer, 0, read);
			}
		}
		finish(response, exchange);
	}

	private static void clientGone(@Nullable HttpLlmExchange exchange) {
		if (exchange != null) {
			exchange.cancelled();
		}
	}

	private static boolean isEventStream(@Nullable String contentType) {
		return contentType != null && contentType.regionMatches(true, 0, "text/event-stream", 0, 17);
	}

	private static void finish(HttpServletResponse response, @Nullable HttpLlmExchange exchange) {
		try {
			// Complete the response before the record is built, so that the client does
			// not wait for it.
			response.getOutputStream().close();
		}
		catch (IOException ex) {
			logger.debug("A proxy client went away at the end of its response", ex);
			clientGone(exchange);
			return;
		}
		if (exchange != null) {
			exchange.bodyEnded();
		}
	}

	void sendUpstreamFailure(HttpServletResponse response, Throwable ex, boolean answered) throws IOException {
		if (ex instanceof InterruptedIOException) {
			String description = ProxyErrors.describe(ex);
			ProxyErrors.send(response, 504, "upstream_error", "upstream_timeout",
					description.startsWith("The upstream") ? description : "The upstream timed out: " + description);
		}
		else if (answered) {
			ProxyErrors.send(response, 502, "upstream_error", "upstream_broke_off",
					"The upstream broke off its response: " + ProxyErrors.describe(ex));
		}
		else {
			ProxyErrors.send(response, 502, "upstream_error", "upstream_unreachable",
					"The upstream could not be reached: " + ProxyErrors.describe(ex));
		}
	}

	/**
	 * End a response the upstream broke off. An event stream ends with an error event, as
	 * OpenAI's API reports mid-stream errors; any other body is cut off.
	 * @param response the response to the client
	 * @param watch the call's watch, through which the client is written to
	 * @param eventStream whether it is an event stream
	 * @param ex what broke the upstream's answer
	 * @throws IOException when the client cannot be written to, or to cut off the body
	 */
	private void cutOff(HttpServletResponse response, UpstreamWatch watch, boolean eventStream, Throwable ex)
			throws IOException {
		if (!response.isCommitted()) {
			response.reset();
			sendUpstreamFailure(response, ex, true);
			return;
		}
		if (!eventStream) {
			throw new UpstreamBrokeOffException(ex);
		}
		String code = (ex instanceof InterruptedIOException) ? "upstream_timeout" : "upstream_broke_off";
		byte[] error = ProxyErrors.body("upstream_error", code,
				"The upstream broke off the stream: " + ProxyErrors.describe(ex));
		byte[] event = new byte[EVENT_START.length + error.length + EVENT_END.length];
		System.arraycopy(EVENT_START, 0, event, 0, EVENT_START.length);
		System.arraycopy(error, 0, event, EVENT_START.length, error.length);
		System.arraycopy(EVENT_END, 0, event, EVENT_START.length + error.length, EVENT_END.length);
		OutputStream out = response.getOutputStream();
		watch.write(out, event, event.length, false);
		out.close();
	}

	/**
	 * Thrown to the servlet container to cut off a response the upstream broke off, so
	 * that the client does not take it for whole.
	 */
	static final class UpstreamBrokeOffException extends IOException {

		UpstreamBrokeOffException(Throwable cause) {
			super("The upstream broke off its response: " + cause.getMessage(), cause);
		}

	}

}
