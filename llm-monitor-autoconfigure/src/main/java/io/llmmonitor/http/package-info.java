/**
 * HTTP-level capture of OpenAI-compatible calls: one parser for request, response and
 * stream bodies, and the RestClient, WebClient and OkHttp interceptors that feed it.
 */
@NullMarked
package io.llmmonitor.http;

import org.jspecify.annotations.NullMarked;
