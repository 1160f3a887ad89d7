package io.llmmonitor.record;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.transaction.TransactionException;

/**
 * Saves a writer's batches. A batch with a record the database rejects (an integrity
 * violation: a value it does not take) or that this code fails on is halved until only
 * the offending records are left: those are set aside, counted and logged by id, and the
 * rest is written. A batch failing for any other database error (the database away, a
 * broken connection, missing tables) is the store's problem, not the records': it is left
 * to the caller, to retry or spill, and the {@link StoreStatus} says when to try again. A
 * record whose id is already stored was written by an earlier attempt whose commit the
 * database took but whose answer was lost: it counts as written.
 */
final class BatchSaver {

	private static final Log logger = LogFactory.getLog(LlmCallWriter.class);

	private final LlmCallRepository repository;

	private final DroppedRecords dropped;

	private final StoreStatus status;

	private final AtomicLong written = new AtomicLong();

	private final AtomicInteger rejections = new AtomicInteger();

	private final AtomicInteger outages = new AtomicInteger();

	BatchSaver(LlmCallRepository repository, DroppedRecords dropped, StoreStatus status) {
		this.repository = repository;
		this.dropped = dropped;
		this.status = status;
	}

	/**
	 * Save a batch. While the store is away one thread at a time tries it, once the retry
	 * is due; the others are answered {@code false} at once, so that they can spill
	 * rather than each wait out a connection timeout.
	 * @param calls the batch
	 * @return {@code true} when every record is written or set aside and counted,
	 * {@code false} when the store took none of them
	 */
	boolean save(List<LlmCall> calls) {
		if (this.status.available()) {
			return write(calls);
		}
		if (!this.status.startAttempt()) {
			return false;
		}
		try {
			return write(calls);
		}
		finally {
			this.status.endAttempt();
		}
	}

	private boolean write(List<LlmCall> calls) {
		try {
			this.repository.saveAll(calls);
		}
		catch (RuntimeException ex) {
			if (storeUnusable(ex)) {
				away(calls.size(), explained(ex));
				return false;
			}
			setAside(calls, ex);
			return true;
		}
		this.written.addAndGet(calls.size());
		if (!this.status.available()) {
			logger.info("llm-monitor's store takes writes again");
		}
		this.status.succeeded();
		this.outages.set(0);
		return true;
	}

	long written() {
		return this.written.get();
	}

	private void setAside(List<LlmCall> calls, RuntimeException ex) {
		if (calls.size() > 1) {
			int half = calls.size() / 2;
			write(calls.subList(0, half));
			write(calls.subList(half, calls.size()));
			return;
		}
		if (ex instanceof DuplicateKeyException) {
			// Its id is stored: an earlier attempt's commit reached the database though
			// its answer did not.
			this.written.incrementAndGet();
			return;
		}
		this.dropped.storeError.incrementAndGet();
		this.status.rejected(ex);
		if (this.rejections.getAndIncrement() % 100 == 0) {
			logger.warn("llm-monitor's store rejected the call record " + calls.get(0).id()
					+ " and set it aside (counted in llm_monitor_records_dropped_total{reason=\"store_error\"})", ex);
		}
	}

	/**
	 * Check whether the store can hold records, as at start-up: when it cannot, it is
	 * away until a later attempt finds it ready, and why is logged once.
	 */
	void check() {
		try {
			this.repository.checkReady();
		}
		catch (StoreNotReadyException ex) {
			away(0, ex);
		}
		catch (RuntimeException ex) {
			// unreachable: the first batch finds out and says so
		}
	}

	// A statement the database does not understand may mean its tables are missing
	private RuntimeException explained(RuntimeException ex) {
		if (!(ex instanceof InvalidDataAccessResourceUsageException)) {
			return ex;
		}
		try {
			this.repository.checkReady();
			return ex;
		}
		catch (StoreNotReadyException notReady) {
			return notReady;
		}
		catch (RuntimeException other) {
			return ex;
		}
	}

	private void away(int records, RuntimeException ex) {
		this.status.away(ex);
		if (ex instanceof StoreNotReadyException) {
			// one ERROR that names the fix, however long the tables stay missing
			if (this.outages.getAndIncrement() == 0) {
				logger.error(ex.getMessage());
			}
			return;
		}
		if (this.outages.getAndIncrement() % 100 == 0) {
			logger.warn("llm-monitor's store does not take writes (" + this.status.lastError() + "): " + records
					+ " call records wait to be tried again");
		}
	}

	private static boolean storeUnusable(RuntimeException ex) {
		return (ex instanceof DataAccessException && !(ex instanceof DataIntegrityViolationException))
				|| ex instanceof TransactionException;
	}

}
