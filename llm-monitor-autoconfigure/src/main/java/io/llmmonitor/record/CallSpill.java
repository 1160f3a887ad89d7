package io.llmmonitor.record;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Records kept on local disk while the store cannot take them. Each batch becomes one
 * segment file, written whole to a temporary name, forced to disk and renamed, so that a
 * crash leaves either the whole segment or none of it. Segments are replayed oldest
 * first. Past the size cap the oldest segments are deleted and their records counted. The
 * directory is locked: one process spills into it at a time.
 */
final class CallSpill implements Closeable {

	private static final Log logger = LogFactory.getLog(LlmCallWriter.class);

	private static final Pattern SEGMENT = Pattern.compile("calls-(\\d{16})-(\\d+)\\.jsonl");

	private final Path directory;

	private final long maxBytes;

	private final DroppedRecords dropped;

	private final SpillCodec codec = new SpillCodec();

	private final FileChannel lockChannel;

	private final FileLock lock;

	private final TreeMap<Long, Segment> segments = new TreeMap<>();

	private long nextSequence;

	// Changed under the lock, read without it (health, meters).
	private volatile long bytes;

	private volatile long records;

	private @Nullable Segment replaying;

	private boolean closed;

	/**
	 * Open the spill directory, creating it when needed, and find the segments an earlier
	 * run left; temporary files of an interrupted write are deleted.
	 * @param directory the directory
	 * @param maxBytes most bytes of segments kept
	 * @param dropped where records deleted past the cap are counted
	 */
	CallSpill(Path directory, long maxBytes, DroppedRecords dropped) {
		this.directory = directory;
		this.maxBytes = maxBytes;
		this.dropped = dropped;
		try {
			Files.createDirectories(directory);
			this.lockChannel = FileChannel.open(directory.resolve(".lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE);
			this.lock = lock(directory, this.lockChannel);
			recover();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("llm-monitor cannot use its spill directory " + directory, ex);
		}
	}

	private static FileLock lock(Path directory, FileChannel channel) throws IOException {
		FileLock lock;
		try {
			lock = channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			lock = null;
		}
		if (lock == null) {
			channel.close();
			throw new IllegalStateException("llm-monitor's spill directory " + directory
					+ " is in use by another writer: give each application instance its own"
					+ " llm.monitor.store.spill-dir");
		}
		return lock;
	}

	private void recover() throws IOException {
		try (Stream<Path> files = Files.list(this.directory)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				String name = file.getFileName().toString();
				Matcher matcher = SEGMENT.matcher(name);
				if (matcher.matches()) {
					Segment segment = new Segment(Long.parseLong(matcher.group(1)), Integer.parseInt(matcher.group(2)),
							file, Files.size(file));
					this.segments.put(segment.sequence(), segment);
					this.bytes += segment.bytes();
					this.records += segment.records();
				}
				else if (name.endsWith(".tmp")) {
					Files.deleteIfExists(file);
				}
			}
		}
		this.nextSequence = this.segments.isEmpty() ? 1 : this.segments.lastKey() + 1;
		if (this.records > 0) {
			logger.info("llm-monitor found " + this.records + " call records spilled to " + this.directory
					+ " by an earlier run; they are written when the store takes them");
		}
	}

	/**
	 * Append a batch as one segment.
	 * @param calls the batch
	 * @return {@code true} when the segment is on disk, {@code false} when it could not
	 * be written (the records are not counted: the caller does)
	 */
	synchronized boolean append(List<LlmCall> calls) {
		if (this.closed || calls.isEmpty()) {
			return false;
		}
		byte[] lines = this.codec.writeLines(calls);
		long sequence = this.nextSequence++;
		Path file = this.directory.resolve(String.format("calls-%016d-%d.jsonl", sequence, calls.size()));
		Path temporary = this.directory.resolve(file.getFileName() + ".tmp");
		// A writer interrupted at the shutdown deadline spills what it holds: a file
		// channel would close on that interrupt instead of writing.
		boolean interrupted = Thread.interrupted();
		try {
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
					StandardOpenOption.WRITE)) {
				ByteBuffer buffer = ByteBuffer.wrap(lines);
				while (buffer.hasRemaining()) {
					channel.write(buffer);
				}
				channel.force(true);
			}
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			deleteQuietly(temporary);
			logger
				.warn("llm-monitor could not spill " + calls.size() + " call records to " + this.directory + ": " + ex);
			return false;
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
		Segment segment = new Segment(sequence, calls.size(), file, lines.length);
		this.segments.put(sequence, segment);
		this.bytes += segment.bytes();
		this.records += segment.records();
		trimToCap();
		return true;
	}

	// Delete the oldest segments (but the one being replayed) until the cap holds.
	private void trimToCap() {
		while (this.bytes > this.maxBytes) {
			Segment oldest = null;
			for (Segment segment : this.segments.values()) {
				if (segment != this.replaying) {
					oldest = segment;
					break;
				}
			}
			if (oldest == null) {
				return;
			}
			forget(oldest);
			deleteQuietly(oldest.file());
			if (this.dropped.spillFull.getAndAdd(oldest.records()) == 0) {
				logger.warn("llm-monitor's spill directory " + this.directory + " is over its cap of " + this.maxBytes
						+ " bytes: the oldest spilled records are deleted and counted in"
						+ " llm_monitor_records_dropped_total{reason=\"spill_full\"}");
			}
		}
	}

	/**
	 * The oldest segment and its records, held for replay until {@link #remove} or
	 * {@link #release}.
	 * @return the segment, or {@code null} when there is none
	 */
	synchronized @Nullable Replay oldest() {
		while (!this.closed && !this.segments.isEmpty()) {
			Segment segment = this.segments.firstEntry().getValue();
			try {
				List<LlmCall> calls = read(segment);
				this.replaying = segment;
				return new Replay(segment, calls);
			}
			catch (IOException | RuntimeException ex) {
				forget(segment);
				deleteQuietly(segment.file());
				this.dropped.spillError.addAndGet(segment.records());
				logger.warn("llm-monitor could not read the spilled segment " + segment.file() + " and deleted it; its "
						+ segment.records() + " records are counted in"
						+ " llm_monitor_records_dropped_total{reason=\"spill_error\"}: " + ex);
			}
		}
		return null;
	}

	private List<LlmCall> read(Segment segment) throws IOException {
		List<LlmCall> calls = this.codec.readLines(Files.readAllBytes(segment.file()));
		if (calls.size() != segment.records()) {
			throw new IOException("expected " + segment.records() + " records, found " + calls.size());
		}
		return calls;
	}

	/**
	 * Delete a replayed segment.
	 * @param replay the segment, written to the store
	 */
	synchronized void remove(Replay replay) {
		this.replaying = null;
		if (this.segments.containsKey(replay.segment().sequence())) {
			forget(replay.segment());
			deleteQuietly(replay.segment().file());
		}
	}

	/**
	 * Keep a segment whose replay failed, for a later one.
	 * @param replay the segment
	 */
	synchronized void release(Replay replay) {
		this.replaying = null;
		trimToCap();
	}

	long records() {
		return this.records;
	}

	long bytes() {
		return this.bytes;
	}

	WriterStatus.Spill view() {
		return new WriterStatus.Spill(this.directory.toString(), this.records, this.bytes, this.maxBytes);
	}

	Path directory() {
		return this.directory;
	}

	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			this.lock.release();
			this.lockChannel.close();
		}
		catch (IOException ex) {
			logger.debug("llm-monitor could not release its spill directory's lock", ex);
		}
	}

	private void forget(Segment segment) {
		this.segments.remove(segment.sequence());
		this.bytes -= segment.bytes();
		this.records -= segment.records();
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			logger.debug("llm-monitor could not delete " + file, ex);
		}
	}

	record Segment(long sequence, int records, Path file, long bytes) {
	}

	record Replay(Segment segment, List<LlmCall> calls) {
	}

}
