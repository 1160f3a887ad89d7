/**
 * Capture of LLM calls: the ChatClient advisor and what reads a model's request and
 * response.
 */
@NullMarked
package io.llmmonitor.capture;

import org.jspecify.annotations.NullMarked;
