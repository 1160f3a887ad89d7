/**
 * The OpenAI-compatible monitoring proxy: forwards any client's requests to an upstream
 * and records the LLM calls among them.
 */
@NullMarked
package io.llmmonitor.proxy;

import org.jspecify.annotations.NullMarked;
