/**
 * The web board: one page, served from the starter's resources, that draws the usage,
 * cost and latency of the stored calls from the {@code llmusage} and {@code llmcalls}
 * endpoints.
 */
@NullMarked
package io.llmmonitor.board;

import org.jspecify.annotations.NullMarked;
