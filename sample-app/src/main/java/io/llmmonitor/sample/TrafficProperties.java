package io.llmmonitor.sample;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Demo traffic of the sample application.
 *
 * @param enabled {@code auto} (only against the built-in simulator), {@code true} or
 * {@code false}
 * @param interval time between two demo calls
 * @param models models the demo calls rotate through
 */
@ConfigurationProperties("sample.traffic")
public record TrafficProperties(String enabled, Duration interval, List<String> models) {

}
