package io.llmmonitor.autoconfigure.hostapp;

import org.springframework.data.annotation.Id;

/**
 * An entity of the host application.
 *
 * @param id the id
 * @param text the text
 */
public record Note(@Id Long id, String text) {

}
