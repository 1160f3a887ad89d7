/**
 * Per-call metadata (project, thread, user, client, tags, attributes) carried across
 * threads and Reactor streams.
 */
@NullMarked
package io.llmmonitor.context;

import org.jspecify.annotations.NullMarked;
