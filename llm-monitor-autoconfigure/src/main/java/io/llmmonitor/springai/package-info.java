/**
 * Capture of Spring AI ChatClient calls and streams: the advisors, the state of one call,
 * and what a record needs from Spring AI's request and response types.
 */
@NullMarked
package io.llmmonitor.springai;

import org.jspecify.annotations.NullMarked;
