package io.llmmonitor.autoconfigure.hostapp;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * An application with Spring Data JDBC repositories of its own, beside llm-monitor.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class HostApplication {

}
