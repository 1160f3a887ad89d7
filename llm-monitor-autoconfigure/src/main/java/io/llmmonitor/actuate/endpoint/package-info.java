/**
 * Actuator endpoints that list stored calls and summarise usage.
 */
@NullMarked
package io.llmmonitor.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
