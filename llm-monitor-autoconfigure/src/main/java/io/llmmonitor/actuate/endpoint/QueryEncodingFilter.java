package io.llmmonitor.actuate.endpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a request to {@code llmcalls} or {@code llmusage} whose query string is not
 * valid UTF-8 with the endpoints' own 400, naming the parameter, before the servlet
 * container fails to decode it (a 400 that names nothing, and an error with a stack trace
 * in the log).
 *
 * @since 0.1.0
 */
public class QueryEncodingFilter extends OncePerRequestFilter {

	private static final Pattern ENDPOINT = Pattern.compile(".*/(llmcalls(/[^/]*)?|llmusage)/?");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9:_.-]{0,63}");

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return request.getQueryString() == null || !ENDPOINT.matcher(request.getRequestURI()).matches();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String query = request.getQueryString();
		String bad = (query != null) ? firstBadParameter(query) : null;
		if (bad == null) {
			chain.doFilter(request, response);
			return;
		}
		ErrorDescriptor error = ErrorDescriptor.of(new InvalidParameterException(bad, "must be valid UTF-8"));
		response.setStatus(error.status());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		JSON.writeValue(response.getWriter(), error);
	}

	/**
	 * The name of the first parameter whose name or value is not valid UTF-8 once
	 * percent-decoded ({@code query} when its name cannot be told).
	 * @param query the raw query string
	 * @return the name, or {@code null} when every parameter decodes
	 */
	static @Nullable String firstBadParameter(String query) {
		for (String pair : query.split("&")) {
			int equals = pair.indexOf('=');
			String name = decode((equals >= 0) ? pair.substring(0, equals) : pair);
			String value = (equals >= 0) ? decode(pair.substring(equals + 1)) : "";
			if (name == null || value == null) {
				return (name != null && SAFE_NAME.matcher(name).matches()) ? name : "query";
			}
		}
		return null;
	}

	// Percent- and plus-decoded as UTF-8, or null when the bytes are not UTF-8; a
	// malformed escape is left to the container.
	private static @Nullable String decode(String text) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
		for (int i = 0; i < text.length(); i++) {
			char ch = text.charAt(i);
			if (ch == '%' && isHex(text, i + 1) && isHex(text, i + 2)) {
				bytes.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
				i += 2;
			}
			else if (ch == '+') {
				bytes.write(' ');
			}
			else {
				byte[] raw = String.valueOf(ch).getBytes(StandardCharsets.UTF_8);
				bytes.write(raw, 0, raw.length);
			}
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes.toByteArray()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	private static boolean isHex(String text, int index) {
		return index < text.length() && Character.digit(text.charAt(index), 16) >= 0;
	}

}
