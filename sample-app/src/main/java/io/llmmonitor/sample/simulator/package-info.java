/**
 * SIMULATOR: a small OpenAI-compatible API served by the sample application itself, so
 * that the sample runs with no API key. It is part of the sample only, never of the
 * starter.
 */
package io.llmmonitor.sample.simulator;
