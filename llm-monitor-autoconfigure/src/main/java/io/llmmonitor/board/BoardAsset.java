package io.llmmonitor.board;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.core.io.Resource;

/**
 * One file of the board, held in memory with its media type and entity tag.
 *
 * @param bytes the content
 * @param contentType the media type, with its charset
 * @param etag a strong entity tag of the content
 */
record BoardAsset(byte[] bytes, String contentType, String etag) {

	static BoardAsset of(Resource resource, String contentType) {
		try (InputStream in = resource.getInputStream()) {
			return of(in.readAllBytes(), contentType);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Unable to read the board's " + resource.getDescription(), ex);
		}
	}

	static BoardAsset of(String text, String contentType) {
		return of(text.getBytes(StandardCharsets.UTF_8), contentType);
	}

	private static BoardAsset of(byte[] bytes, String contentType) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
			return new BoardAsset(bytes, contentType, "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	String text() {
		return new String(this.bytes, StandardCharsets.UTF_8);
	}

}
