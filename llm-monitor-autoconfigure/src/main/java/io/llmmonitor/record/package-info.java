/**
 * The call record, its repository and the background writer that stores records in
 * batches.
 */
@NullMarked
package io.llmmonitor.record;

import org.jspecify.annotations.NullMarked;
