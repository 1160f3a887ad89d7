package io.llmmonitor.record;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link LlmCallWriter} knows of itself and its store, read from memory.
 *
 * @param running whether its threads run
 * @param storeAvailable whether the store took the last write attempt
 * @param storeAwaySince when the store stopped taking writes, while it does not
 * @param lastError the last store error (class and first line, never a record's values)
 * @param lastErrorAt when it happened
 * @param queueSize records waiting in memory
 * @param queueCapacity most records waiting in memory
 * @param spill the spill directory's backlog, or {@code null} without one
 * @param written records written so far
 * @param dropped records dropped so far, by reason
 * @since 0.1.0
 */
public record WriterStatus(boolean running, boolean storeAvailable, @Nullable Instant storeAwaySince,
		@Nullable String lastError, @Nullable Instant lastErrorAt, int queueSize, int queueCapacity,
		@Nullable Spill spill, long written, Map<String, Long> dropped) {

	/**
	 * The spill directory's backlog.
	 *
	 * @param directory the directory
	 * @param records records waiting there
	 * @param bytes their size on disk
	 * @param maxBytes the size cap
	 */
	public record Spill(String directory, long records, long bytes, long maxBytes) {
	}

}
