/**
 * The capture core every capture point shares: how a call is started and finished, what
 * of its content is kept, what its outcome is called, and how a provider is named.
 */
@NullMarked
package io.llmmonitor.capture;

import org.jspecify.annotations.NullMarked;
