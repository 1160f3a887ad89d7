package io.llmmonitor.http;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads a response body as the caller reads it, into a {@link ParsedResponse}: events one
 * by one as they arrive when it is an event stream, else a bounded copy read once it
 * ends. A body that turns out to be an event stream under another content type is read as
 * one.
 */
final class ResponseBodyReader {

	private final ObjectMapper json;

	private final int maxBytes;

	private final ParsedResponse parsed;

	private @Nullable SseEventReader events;

	private @Nullable JsonBodyBuffer buffer;

	ResponseBodyReader(ObjectMapper json, int maxBytes, boolean eventStream) {
		this.json = json;
		this.maxBytes = maxBytes;
		this.parsed = new ParsedResponse(maxBytes);
		if (eventStream) {
			this.events = new SseEventReader(json, this.parsed, maxBytes);
		}
		else {
			this.buffer = new JsonBodyBuffer(maxBytes);
		}
	}

	void feed(byte[] bytes, int offset, int length) {
		if (this.events != null) {
			this.events.feed(bytes, offset, length);
		}
		else if (this.buffer != null) {
			this.buffer.append(bytes, offset, length);
		}
	}

	/**
	 * Read what the body held, once it has ended or was closed.
	 * @param whole whether the caller read the body to its end
	 * @return why a whole body could not be read, or {@code null}
	 */
	@Nullable String finish(boolean whole) {
		JsonBodyBuffer body = this.buffer;
		if (body != null && body.looksLikeEventStream()) {
			SseEventReader reader = new SseEventReader(this.json, this.parsed, this.maxBytes);
			body.replayTo(reader);
			this.events = reader;
			this.buffer = null;
		}
		if (this.events != null) {
			boolean clean = this.events.finish();
			return (whole && !clean) ? "the stream ended inside an event" : null;
		}
		if (body == null) {
			return null;
		}
		JsonBodyBuffer.ReadResult result = body.read(this.json);
		this.parsed.applyBody(result.fields());
		return whole ? result.problem() : null;
	}

	ParsedResponse parsed() {
		return this.parsed;
	}

	boolean isEventStream() {
		return this.events != null;
	}

	/**
	 * Whether content was lost: text past the limit, or a body too large to keep whole.
	 * @return {@code true} when the record cannot hold all of the content
	 */
	boolean truncated() {
		return this.parsed.content().textTruncated() || (this.buffer != null && this.buffer.truncated());
	}

	/**
	 * The start of a body that is not JSON (an HTML error page), as short text.
	 * @return the text, or {@code null} for an event stream or an empty body
	 */
	@Nullable String errorText() {
		return (this.buffer != null) ? ErrorPages.text(this.buffer.headText(64 * 1024)) : null;
	}

}
