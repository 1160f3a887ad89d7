package io.llmmonitor.autoconfigure.hostapp;

import org.springframework.data.repository.CrudRepository;

/**
 * A Spring Data JDBC repository of the host application.
 */
public interface NoteRepository extends CrudRepository<Note, Long> {

	Iterable<Note> findByText(String text);

}
