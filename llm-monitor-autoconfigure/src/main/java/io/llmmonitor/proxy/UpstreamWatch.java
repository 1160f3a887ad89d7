package io.llmmonitor.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import okhttp3.Call;
import org.jspecify.annotations.Nullable;

/**
 * One forwarded request as {@link UpstreamWatchdog} sees it: when the upstream last sent
 * something, when the client was last written to, and what, if anything, ended the
 * upstream call. All writes to the client go through {@link #write}, so that a keep-alive
 * comment never lands inside an event.
 */
final class UpstreamWatch {

	private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

	/** Why the watchdog cancelled the upstream call. */
	enum Verdict {

		/** Still running, or ended by itself. */
		NONE,

		/** Nothing of the response body arrived in time. */
		FIRST_BYTE_TIMEOUT,

		/** The upstream fell silent mid-body. */
		IDLE_TIMEOUT,

		/** The client went away. */
		CLIENT_GONE

	}

	private final Call call;

	private final long startNanos;

	private final ReentrantLock writing = new ReentrantLock();

	private final AtomicBoolean keepAliveDue = new AtomicBoolean();

	private volatile boolean answering;

	private volatile long lastReadNanos;

	private volatile long lastWriteNanos;

	private volatile @Nullable OutputStream eventStream;

	private volatile boolean betweenEvents;

	private volatile Verdict verdict = Verdict.NONE;

	private int lastByte = -1;

	UpstreamWatch(Call call, long startNanos) {
		this.call = call;
		this.startNanos = startNanos;
		this.lastReadNanos = startNanos;
		this.lastWriteNanos = startNanos;
	}

	/**
	 * Note that a piece of the response body arrived.
	 * @param nanos when, by {@link System#nanoTime()}
	 */
	void read(long nanos) {
		this.lastReadNanos = nanos;
		this.answering = true;
	}

	/**
	 * The response is an event stream relayed to {@code out}: keep-alive comments may be
	 * written there between events.
	 * @param out the client's stream
	 */
	void eventStream(OutputStream out) {
		this.eventStream = out;
	}

	/**
	 * Write a piece of the body to the client.
	 * @param out the client's stream
	 * @param bytes the buffer
	 * @param length how many bytes of it
	 * @param flush whether to flush after writing
	 * @throws IOException when the client cannot be written to
	 */
	void write(OutputStream out, byte[] bytes, int length, boolean flush) throws IOException {
		this.writing.lock();
		try {
			out.write(bytes, 0, length);
			if (flush) {
				out.flush();
			}
			this.lastWriteNanos = System.nanoTime();
			boolean ends = (length >= 2) ? bytes[length - 2] == '\n' : this.lastByte == '\n';
			this.lastByte = bytes[length - 1];
			this.betweenEvents = ends && this.lastByte == '\n';
		}
		finally {
			this.writing.unlock();
		}
	}

	Verdict verdict() {
		return this.verdict;
	}

	/**
	 * Cancel the upstream call for the given reason, unless it already has one.
	 * @param reason why
	 */
	void cancel(Verdict reason) {
		if (this.verdict == Verdict.NONE) {
			this.verdict = reason;
			this.call.cancel();
		}
	}

	long startNanos() {
		return this.startNanos;
	}

	long lastReadNanos() {
		return this.lastReadNanos;
	}

	/**
	 * Whether the first byte of the response body has arrived.
	 * @return whether it has
	 */
	boolean answering() {
		return this.answering;
	}

	/**
	 * Whether a keep-alive comment is due: an event stream, between events, silent in
	 * both directions since {@code quietSince}, and no comment already under way.
	 * @param quietSince the time before which the stream must have been quiet
	 * @return whether to write one now; if so, {@link #keepAlive()} must follow
	 */
	boolean claimKeepAlive(long quietSince) {
		return this.eventStream != null && this.betweenEvents && this.verdict == Verdict.NONE
				&& this.lastWriteNanos - quietSince < 0 && this.lastReadNanos - quietSince < 0
				&& this.keepAliveDue.compareAndSet(false, true);
	}

	/**
	 * Write a keep-alive comment to an event stream; a client that has gone is noticed by
	 * the write failing (the first write after a client leaves may still be accepted).
	 */
	void keepAlive() {
		OutputStream out = this.eventStream;
		try {
			if (out != null && this.writing.tryLock()) {
				try {
					out.write(KEEP_ALIVE);
					out.flush();
					this.lastWriteNanos = System.nanoTime();
				}
				finally {
					this.writing.unlock();
				}
			}
		}
		catch (IOException ex) {
			cancel(Verdict.CLIENT_GONE);
		}
		finally {
			this.keepAliveDue.set(false);
		}
	}

}
