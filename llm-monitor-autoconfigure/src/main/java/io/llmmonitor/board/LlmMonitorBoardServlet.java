package io.llmmonitor.board;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.util.Assert;
import org.springframework.util.function.SingletonSupplier;

/**
 * Serves the board: its page at {@code <path>/}, and its scripts, styles and the uPlot
 * chart library under {@code <path>/assets/}. Only the files it knows are served, from
 * memory, with an entity tag; the page tells its scripts where the endpoints are. The
 * data itself comes from the endpoints, under their security and content rules.
 *
 * @since 0.1.0
 */
public class LlmMonitorBoardServlet extends HttpServlet {

	private static final String BOARD = "io/llmmonitor/board/";

	private static final String UPLOT = "classpath*:META-INF/resources/webjars/uplot/*/dist/";

	private static final String[] SCRIPTS = { "app.js", "api.js", "call.js", "charts.js", "dom.js", "format.js",
			"state.js", "tables.js" };

	private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; "
			+ "style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; "
			+ "frame-ancestors 'self'";

	private final transient Map<String, BoardAsset> assets;

	private final String page;

	private final transient Supplier<BoardEndpoints> endpoints;

	private transient volatile @Nullable BoardAsset renderedPage;

	/**
	 * Create the servlet.
	 * @param endpoints where the endpoints are, asked once on the first request
	 */
	public LlmMonitorBoardServlet(Supplier<BoardEndpoints> endpoints) {
		Assert.notNull(endpoints, "'endpoints' must not be null");
		this.endpoints = SingletonSupplier.of(endpoints);
		this.assets = loadAssets();
		this.page = BoardAsset.of(new ClassPathResource(BOARD + "index.html"), "text/html").text();
	}

	private static Map<String, BoardAsset> loadAssets() {
		Map<String, BoardAsset> assets = new LinkedHashMap<>();
		for (String script : SCRIPTS) {
			assets.put(script, BoardAsset.of(new ClassPathResource(BOARD + script), "text/javascript;charset=utf-8"));
		}
		assets.put("board.css", BoardAsset.of(new ClassPathResource(BOARD + "board.css"), "text/css;charset=utf-8"));
		assets.put("uPlot.iife.min.js", BoardAsset.of(uplot("uPlot.iife.min.js"), "text/javascript;charset=utf-8"));
		assets.put("uPlot.min.css", BoardAsset.of(uplot("uPlot.min.css"), "text/css;charset=utf-8"));
		return Map.copyOf(assets);
	}

	private static Resource uplot(String file) {
		try {
			Resource[] found = new PathMatchingResourcePatternResolver().getResources(UPLOT + file);
			if (found.length == 0) {
				throw new IllegalStateException(
						"llm.monitor.board.enabled=true needs the uPlot WebJar on the classpath "
								+ "(org.webjars.npm:uplot, which llm-monitor-spring-boot-starter brings)");
			}
			return found[0];
		}
		catch (IOException ex) {
			throw new IllegalStateException("Unable to find the uPlot WebJar", ex);
		}
	}

	@Override
	protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String pathInfo = request.getPathInfo();
		if (pathInfo == null) {
			String query = request.getQueryString();
			response.sendRedirect(request.getRequestURI() + "/" + ((query != null) ? "?" + query : ""));
			return;
		}
		BoardAsset asset = ("/".equals(pathInfo)) ? page(request)
				: (pathInfo.startsWith("/assets/")) ? this.assets.get(pathInfo.substring("/assets/".length())) : null;
		if (asset == null) {
			response.sendError(HttpServletResponse.SC_NOT_FOUND);
			return;
		}
		response.setHeader("Cache-Control", "no-cache");
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("Referrer-Policy", "same-origin");
		response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
		response.setHeader("ETag", asset.etag());
		if (asset.etag().equals(request.getHeader("If-None-Match"))) {
			response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
			return;
		}
		response.setContentType(asset.contentType());
		response.setContentLength(asset.bytes().length);
		response.getOutputStream().write(asset.bytes());
	}

	private BoardAsset page(HttpServletRequest request) {
		BoardAsset rendered = this.renderedPage;
		if (rendered == null) {
			BoardEndpoints found = this.endpoints.get();
			String context = request.getContextPath();
			String notice = found.notice();
			String page = this.page.replace("{{callsPath}}", escape(path(context, found.callsPath())))
				.replace("{{usagePath}}", escape(path(context, found.usagePath())))
				.replace("{{notice}}", escape((notice != null) ? notice : ""));
			rendered = BoardAsset.of(page, "text/html;charset=utf-8");
			this.renderedPage = rendered;
		}
		return rendered;
	}

	private static String path(String context, @Nullable String path) {
		return (path != null) ? context + path : "";
	}

	private static String escape(String text) {
		StringBuilder escaped = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			switch (c) {
				case '&' -> escaped.append("&amp;");
				case '<' -> escaped.append("&lt;");
				case '>' -> escaped.append("&gt;");
				case '"' -> escaped.append("&quot;");
				case '\'' -> escaped.append("&#39;");
				default -> escaped.append(c);
			}
		}
		return escaped.toString();
	}

}
