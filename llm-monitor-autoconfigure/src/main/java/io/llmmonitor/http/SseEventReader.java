package io.llmmonitor.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads a {@code text/event-stream} body fed in arbitrary pieces, as they arrive, and
 * applies each complete event's JSON data to a {@link ParsedResponse}. Comment lines,
 * {@code id:} and {@code retry:} are ignored; {@code data: [DONE]} ends the stream.
 * Memory is bounded: an event larger than the limit is skipped.
 */
final class SseEventReader {

	private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

	private final ObjectMapper json;

	private final ParsedResponse response;

	private final int maxEventBytes;

	private byte[] line = new byte[256];

	private int lineLength;

	private boolean lineOverflow;

	private byte[] data = new byte[256];

	private int dataLength;

	private boolean hasData;

	private boolean eventOverflow;

	private @Nullable String eventName;

	SseEventReader(ObjectMapper json, ParsedResponse response, int maxEventBytes) {
		this.json = json;
		this.response = response;
		this.maxEventBytes = maxEventBytes;
	}

	void feed(byte[] bytes, int offset, int length) {
		int end = offset + length;
		int start = offset;
		for (int i = offset; i < end; i++) {
			if (bytes[i] == '\n') {
				appendToLine(bytes, start, i - start);
				endOfLine();
				start = i + 1;
			}
		}
		appendToLine(bytes, start, end - start);
	}

	/**
	 * The body ended.
	 * @return {@code true} when it ended cleanly, {@code false} when it was cut inside an
	 * event that cannot be read
	 */
	boolean finish() {
		if (this.lineLength > 0 || this.lineOverflow) {
			endOfLine();
		}
		if (!this.hasData) {
			return !this.eventOverflow;
		}
		// An event without its closing blank line: use it if it is whole.
		return dispatch(false);
	}

	private void appendToLine(byte[] bytes, int offset, int length) {
		if (length == 0) {
			return;
		}
		if (this.lineOverflow) {
			return;
		}
		if (this.lineLength + length > this.maxEventBytes) {
			this.lineOverflow = true;
			return;
		}
		if (this.lineLength + length > this.line.length) {
			this.line = Arrays.copyOf(this.line, Math.max(this.line.length * 2, this.lineLength + length));
		}
		System.arraycopy(bytes, offset, this.line, this.lineLength, length);
		this.lineLength += length;
	}

	private void endOfLine() {
		int length = this.lineLength;
		if (length > 0 && this.line[length - 1] == '\r') {
			length--;
		}
		boolean overflow = this.lineOverflow;
		this.lineLength = 0;
		this.lineOverflow = false;
		if (overflow) {
			this.eventOverflow = true;
			return;
		}
		if (length == 0) {
			if (this.hasData || this.eventOverflow) {
				dispatch(true);
			}
			this.eventName = null;
			return;
		}
		if (this.line[0] == ':') {
			return;
		}
		if (startsWith("data:", length)) {
			int from = skipSpace(5, length);
			appendData(from, length - from);
		}
		else if (startsWith("event:", length)) {
			int from = skipSpace(6, length);
			this.eventName = new String(this.line, from, length - from, StandardCharsets.UTF_8);
		}
	}

	private int skipSpace(int from, int length) {
		return (from < length && this.line[from] == ' ') ? from + 1 : from;
	}

	private boolean startsWith(String field, int length) {
		if (length < field.length()) {
			return false;
		}
		for (int i = 0; i < field.length(); i++) {
			if (this.line[i] != field.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	private void appendData(int from, int length) {
		int extra = this.hasData ? 1 : 0;
		if (this.dataLength + extra + length > this.maxEventBytes) {
			this.eventOverflow = true;
			return;
		}
		int needed = this.dataLength + extra + length;
		if (needed > this.data.length) {
			this.data = Arrays.copyOf(this.data, Math.max(this.data.length * 2, needed));
		}
		if (extra == 1) {
			this.data[this.dataLength++] = '\n';
		}
		System.arraycopy(this.line, from, this.data, this.dataLength, length);
		this.dataLength += length;
		this.hasData = true;
	}

	/**
	 * Apply the event read so far. An event too large to keep or that is not a JSON
	 * object is skipped; the stream goes on.
	 * @param complete whether the event ended with its blank line
	 * @return whether the event could be read, or was whole and could be skipped
	 */
	private boolean dispatch(boolean complete) {
		boolean readable = true;
		try {
			if (this.eventOverflow) {
				readable = false;
			}
			else if (isDone()) {
				this.response.done();
			}
			else if (this.dataLength > 0) {
				JsonNode node = this.json.readTree(this.data, 0, this.dataLength);
				if (node != null && node.isObject()) {
					this.response.applyEvent(this.eventName, node);
				}
				else {
					readable = complete;
				}
			}
		}
		catch (JacksonException ex) {
			readable = complete;
		}
		this.dataLength = 0;
		this.hasData = false;
		this.eventOverflow = false;
		return readable;
	}

	private boolean isDone() {
		if (this.dataLength != DONE.length) {
			return false;
		}
		for (int i = 0; i < DONE.length; i++) {
			if (this.data[i] != DONE[i]) {
				return false;
			}
		}
		return true;
	}

}
