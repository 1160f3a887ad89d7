package io.llmmonitor.benchmarks;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns JMH's JSON results into the overhead table: per benchmark, calls per second and
 * median and p99 call time without and with llm-monitor, the time monitoring adds, and
 * the throughput ratio monitored / unmonitored, all from the same run.
 */
public final class JmhSummary {

	private JmhSummary() {
	}

	public static void main(String[] args) {
		JsonNode results = JsonMapper.builder().build().readTree(Path.of(args[0]).toFile());
		Map<String, Map<String, Double>> byRun = new LinkedHashMap<>();
		for (JsonNode result : results) {
			String name = result.path("benchmark").asString().replaceAll(".*\\.(\\w+Benchmark)\\.call", "$1");
			String key = name + "|" + result.path("params").path("monitored").asString();
			Map<String, Double> values = byRun.computeIfAbsent(key, (k) -> new LinkedHashMap<>());
			JsonNode metric = result.path("primaryMetric");
			if ("thrpt".equals(result.path("mode").asString())) {
				values.put("callsPerSecond", metric.path("score").asDouble() * 1_000_000);
			}
			else if ("sample".equals(result.path("mode").asString())) {
				values.put("p50", metric.path("scorePercentiles").path("50.0").asDouble());
				values.put("p99", metric.path("scorePercentiles").path("99.0").asDouble());
			}
		}
		Results.line("");
		Results.line("## Overhead per call (JMH)");
		Results.line("");
		Results.line("| benchmark | llm-monitor | calls/s | median µs | p99 µs |");
		Results.line("|---|---|---:|---:|---:|");
		byRun.forEach((key, values) -> {
			String[] parts = key.split("\\|");
			Results.line(String.format("| %s | %s | %,.0f | %.2f | %.2f |", parts[0],
					Boolean.parseBoolean(parts[1]) ? "on" : "off", values.getOrDefault("callsPerSecond", Double.NaN),
					values.getOrDefault("p50", Double.NaN), values.getOrDefault("p99", Double.NaN)));
		});
		Results.line("");
		Results.line("| benchmark | added median µs | added p99 µs | throughput monitored / unmonitored |");
		Results.line("|---|---:|---:|---:|");
		for (String benchmark : byRun.keySet().stream().map((key) -> key.split("\\|")[0]).distinct().toList()) {
			Map<String, Double> off = byRun.get(benchmark + "|false");
			Map<String, Double> on = byRun.get(benchmark + "|true");
			if (off == null || on == null) {
				continue;
			}
			Results.line(String.format("| %s | %+.2f | %+.2f | %.3f |", benchmark, on.get("p50") - off.get("p50"),
					on.get("p99") - off.get("p99"), on.get("callsPerSecond") / off.get("callsPerSecond")));
		}
	}

}
