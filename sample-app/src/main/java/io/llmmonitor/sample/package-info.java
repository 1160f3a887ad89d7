/**
 * A runnable application that uses the llm-monitor starter as any application would, with
 * demo traffic against a built-in OpenAI-compatible simulator.
 */
package io.llmmonitor.sample;
