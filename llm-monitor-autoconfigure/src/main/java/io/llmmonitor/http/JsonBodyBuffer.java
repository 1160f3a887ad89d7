package io.llmmonitor.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps a copy of a non-streamed body as the caller reads it: the first {@code maxBytes},
 * and past that only the last {@value #TAIL_BYTES} bytes, where OpenAI-compatible APIs
 * put {@code usage} (and an embeddings response its {@code model}). Memory stays bounded
 * whatever the size of the body, and a body of embedding vectors is walked without
 * building them.
 */
final class JsonBodyBuffer {

	static final int TAIL_BYTES = 64 * 1024;

	private final int maxBytes;

	private byte[] head = new byte[1024];

	private int headLength;

	private byte @Nullable [] tail;

	private int tailPosition;

	private boolean tailFull;

	private long totalBytes;

	JsonBodyBuffer(int maxBytes) {
		this.maxBytes = maxBytes;
	}

	void append(byte[] bytes, int offset, int length) {
		this.totalBytes += length;
		int toHead = Math.min(length, this.maxBytes - this.headLength);
		if (toHead > 0) {
			if (this.headLength + toHead > this.head.length) {
				this.head = Arrays.copyOf(this.head,
						Math.min(this.maxBytes, Math.max(this.head.length * 2, this.headLength + toHead)));
			}
			System.arraycopy(bytes, offset, this.head, this.headLength, toHead);
			this.headLength += toHead;
		}
		if (toHead < length) {
			appendToTail(bytes, offset + toHead, length - toHead);
		}
	}

	private void appendToTail(byte[] bytes, int offset, int length) {
		if (this.tail == null) {
			this.tail = new byte[TAIL_BYTES];
		}
		if (length > TAIL_BYTES) {
			offset += length - TAIL_BYTES;
			length = TAIL_BYTES;
		}
		while (length > 0) {
			int chunk = Math.min(length, TAIL_BYTES - this.tailPosition);
			System.arraycopy(bytes, offset, this.tail, this.tailPosition, chunk);
			this.tailPosition += chunk;
			offset += chunk;
			length -= chunk;
			if (this.tailPosition == TAIL_BYTES) {
				this.tailPosition = 0;
				this.tailFull = true;
			}
		}
	}

	boolean truncated() {
		return this.totalBytes > this.headLength;
	}

	/**
	 * Whether the body is a stream of server-sent events after all (a server that streams
	 * under another content type).
	 * @return whether the body starts like an event stream
	 */
	boolean looksLikeEventStream() {
		int i = 0;
		while (i < this.headLength && Character.isWhitespace(this.head[i])) {
			i++;
		}
		return startsWith(i, "data:") || startsWith(i, "event:") || startsWith(i, ":");
	}

	private boolean startsWith(int from, String prefix) {
		if (this.headLength - from < prefix.length()) {
			return false;
		}
		for (int i = 0; i < prefix.length(); i++) {
			if (this.head[from + i] != prefix.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	void replayTo(SseEventReader reader) {
		reader.feed(this.head, 0, this.headLength);
	}

	/**
	 * The start of the body as text, for error bodies that are not JSON.
	 * @param maxChars the most characters to return
	 * @return the text
	 */
	String headText(int maxChars) {
		String text = new String(this.head, 0, Math.min(this.headLength, maxChars * 4), StandardCharsets.UTF_8);
		return (text.length() > maxChars) ? text.substring(0, maxChars) : text;
	}

	/**
	 * Read the body's top-level fields, skipping embedding vectors ({@code data}).
	 * @param json the mapper
	 * @return the fields, with the reason the body could not be read whole
	 */
	ReadResult read(ObjectMapper json) {
		ObjectNode fields = json.createObjectNode();
		if (this.headLength == 0) {
			return new ReadResult(fields, "the response body is empty");
		}
		String problem = null;
		try (JsonParser parser = json.createParser(this.head, 0, this.headLength)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return new ReadResult(fields, "the response body is not a JSON object");
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				parser.nextToken();
				if (name.equals("data")) {
					parser.skipChildren();
				}
				else {
					JsonNode value = parser.readValueAsTree();
					fields.set(name, value);
				}
			}
		}
		catch (JacksonException ex) {
			if (!truncated()) {
				problem = "the response body is not valid JSON: " + ex.getOriginalMessage();
			}
		}
		if (truncated()) {
			readTail(json, fields);
		}
		return new ReadResult(fields, problem);
	}

	private void readTail(ObjectMapper json, ObjectNode fields) {
		byte[] bytes = tailBytes();
		if (!fields.has("usage")) {
			JsonNode usage = valueAfterKey(json, bytes, "usage");
			if (usage != null) {
				fields.set("usage", usage);
			}
		}
		if (!fields.has("model")) {
			JsonNode model = valueAfterKey(json, bytes, "model");
			if (model != null) {
				fields.set("model", model);
			}
		}
	}

	private byte[] tailBytes() {
		if (this.tail == null) {
			return new byte[0];
		}
		if (!this.tailFull) {
			return Arrays.copyOf(this.tail, this.tailPosition);
		}
		byte[] ordered = new byte[TAIL_BYTES];
		System.arraycopy(this.tail, this.tailPosition, ordered, 0, TAIL_BYTES - this.tailPosition);
		System.arraycopy(this.tail, 0, ordered, TAIL_BYTES - this.tailPosition, this.tailPosition);
		return ordered;
	}

	/**
	 * Find the last {@code "key":} in a fragment of JSON and read the value after it.
	 * @param json the mapper
	 * @param bytes the fragment
	 * @param key the key
	 * @return the value, or {@code null} when the key is not there or its value is cut
	 */
	private static @Nullable JsonNode valueAfterKey(ObjectMapper json, byte[] bytes, String key) {
		byte[] quoted = ('"' + key + '"').getBytes(StandardCharsets.US_ASCII);
		for (int at = bytes.length - quoted.length; at >= 0; at--) {
			if (!matches(bytes, at, quoted)) {
				continue;
			}
			int i = at + quoted.length;
			while (i < bytes.length && Character.isWhitespace(bytes[i])) {
				i++;
			}
			if (i >= bytes.length || bytes[i] != ':') {
				continue;
			}
			try (JsonParser parser = json.createParser(bytes, i + 1, bytes.length - i - 1)) {
				parser.nextToken();
				return parser.readValueAsTree();
			}
			catch (JacksonException ex) {
				return null;
			}
		}
		return null;
	}

	private static boolean matches(byte[] bytes, int at, byte[] pattern) {
		for (int i = 0; i < pattern.length; i++) {
			if (bytes[at + i] != pattern[i]) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Top-level fields of a body.
	 *
	 * @param fields the fields that could be read
	 * @param problem why the body could not be read, or {@code null}
	 */
	record ReadResult(ObjectNode fields, @Nullable String problem) {

	}

}
