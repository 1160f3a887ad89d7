/**
 * Model prices and the cost of a call in USD.
 */
@NullMarked
package io.llmmonitor.cost;

import org.jspecify.annotations.NullMarked;
