package io.llmmonitor.record;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of stored calls, newest first.
 *
 * @param calls the calls on this page
 * @param next cursor for the next (older) page, or {@code null} on the last page
 * @since 0.1.0
 */
public record LlmCallPage(List<LlmCall> calls, @Nullable String next) {

}
