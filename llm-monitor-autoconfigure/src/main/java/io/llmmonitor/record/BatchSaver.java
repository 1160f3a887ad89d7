package io.llmmonitor.record;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Saves a writer's batches. A batch the database rejects (rather than one it cannot take
 * while it is away) is halved until only the records it rejects are left: those are set
 * aside, counted and logged by id, and the rest is written.
 */
final class BatchSaver {

	private static final Log logger = LogFactory.getLog(LlmCallWriter.class);

	private final LlmCallRepository repository;

	private final DroppedRecords dropped;

	private final AtomicLong written = new AtomicLong();

	private final AtomicInteger failures = new AtomicInteger();

	BatchSaver(LlmCallRepository repository, DroppedRecords dropped) {
		this.repository = repository;
		this.dropped = dropped;
	}

	void save(List<LlmCall> calls) {
		try {
			this.repository.saveAll(calls);
			this.written.addAndGet(calls.size());
			this.failures.set(0);
		}
		catch (RuntimeException ex) {
			if (calls.size() > 1 && rejectedByTheDatabase(ex)) {
				int half = calls.size() / 2;
				save(calls.subList(0, half));
				save(calls.subList(half, calls.size()));
				return;
			}
			this.dropped.storeError.addAndGet(calls.size());
			if (this.failures.getAndIncrement() % 100 == 0) {
				String what = (calls.size() == 1) ? "the call record " + calls.get(0).id()
						: calls.size() + " call records";
				logger.warn("llm-monitor failed to store " + what, ex);
			}
		}
	}

	long written() {
		return this.written.get();
	}

	private static boolean rejectedByTheDatabase(RuntimeException ex) {
		return !(ex instanceof DataAccessResourceFailureException || ex instanceof TransientDataAccessException
				|| ex instanceof RecoverableDataAccessException);
	}

}
