package io.llmmonitor.record;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Time-ordered UUID version 7 ids.
 */
class LlmCallIdsTests {

	@Test
	void idsAreVersion7AndSortInCreationOrder() {
		Instant now = Instant.now();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			ids.add(LlmCallIds.next(now));
		}

		assertThat(ids).isSorted().doesNotHaveDuplicates();
		UUID first = UUID.fromString(ids.get(0));
		assertThat(first.version()).isEqualTo(7);
		assertThat(first.variant()).isEqualTo(2);
		assertThat(first.getMostSignificantBits() >>> 16).isGreaterThanOrEqualTo(now.toEpochMilli());
	}

	@Test
	void laterInstantsGiveLargerIds() {
		String earlier = LlmCallIds.next(Instant.now());
		String later = LlmCallIds.next(Instant.now().plusSeconds(60));

		assertThat(later).isGreaterThan(earlier);
	}

	@Test
	void validatesTheTextForm() {
		assertThat(LlmCallIds.isValid(LlmCallIds.next(Instant.now()))).isTrue();
		assertThat(LlmCallIds.isValid("not-an-id")).isFalse();
		assertThat(LlmCallIds.isValid("1-1-1-1-1")).isFalse();
	}

}
