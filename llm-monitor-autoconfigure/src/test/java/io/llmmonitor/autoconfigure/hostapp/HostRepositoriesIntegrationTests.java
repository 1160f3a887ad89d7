package io.llmmonitor.autoconfigure.hostapp;

import io.llmmonitor.record.LlmCallRepository;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * llm-monitor's store does not switch off the application's own Spring Data JDBC
 * repositories.
 */
@SpringBootTest(classes = HostApplication.class, properties = {
		"spring.sql.init.schema-locations=classpath:host-app-schema.sql", "spring.ai.openai.api-key=sk-unused" })
class HostRepositoriesIntegrationTests {

	@Autowired
	NoteRepository notes;

	@Autowired
	LlmCallRepository llmCalls;

	@Test
	void applicationRepositoriesStillWorkBesideTheStore() {
		Note saved = this.notes.save(new Note(null, "remember the milk"));

		assertThat(saved.id()).isNotNull();
		assertThat(this.notes.findByText("remember the milk")).containsExactly(saved);
		assertThat(this.llmCalls.find(io.llmmonitor.record.LlmCallFilter.ALL, 10, null).calls()).isEmpty();
	}

}
