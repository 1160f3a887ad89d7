package io.llmmonitor;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * An application as a user writes it: nothing but auto-configuration.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApplication {

}
