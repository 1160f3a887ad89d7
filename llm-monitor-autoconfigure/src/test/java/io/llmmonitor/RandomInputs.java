package io.llmmonitor;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random and malformed input for property tests, from a fixed seed so that a failing case
 * can be replayed: the seed is {@code llm.monitor.test.seed} when set, else a constant,
 * and each case names the seed it came from.
 */
public final class RandomInputs {

	/** The seed of this run. */
	public static final long SEED = Long.getLong("llm.monitor.test.seed", 20261207L);

	private static final List<String> JUNK = List.of("\n\n", "data: ", "data: [DONE]\n\n", "{", "}", "]", "\"", "\\u00",
			"\u0000", "data: {\"choices\":[{\"delta\":{\"content\":", "\uFFFD", "null", "1e999999", "\r\n",
			"event: error\n");

	private final SplittableRandom random;

	/**
	 * Inputs for one test, from this run's seed and the test's name.
	 * @param test the test's name, so that each test has its own sequence
	 */
	public RandomInputs(String test) {
		this.random = new SplittableRandom(SEED ^ test.hashCode());
	}

	/**
	 * A whole number in a range.
	 * @param min the least value
	 * @param max the greatest value
	 * @return the number
	 */
	public int between(int min, int max) {
		return this.random.nextInt(min, max + 1);
	}

	/**
	 * One of the given values.
	 * @param <T> the type of the values
	 * @param values the values
	 * @return one of them
	 */
	public <T> T oneOf(List<T> values) {
		return values.get(this.random.nextInt(values.size()));
	}

	/**
	 * Random bytes.
	 * @param maxLength the longest array
	 * @return the bytes
	 */
	public byte[] bytes(int maxLength) {
		byte[] bytes = new byte[this.random.nextInt(maxLength + 1)];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) this.random.nextInt(256);
		}
		return bytes;
	}

	/**
	 * Random text of any code points, control characters and lone surrogates included.
	 * @param maxLength the longest text, in chars
	 * @return the text
	 */
	public String text(int maxLength) {
		int length = this.random.nextInt(maxLength + 1);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			int kind = this.random.nextInt(4);
			text.append((char) switch (kind) {
				case 0 -> this.random.nextInt(0x20);
				case 1 -> this.random.nextInt(0x20, 0x7f);
				case 2 -> this.random.nextInt(0xD800, 0xE000);
				default -> this.random.nextInt(0x80, 0x10000);
			});
		}
		return text.toString();
	}

	/**
	 * The given bytes damaged one way: cut short, one byte replaced, or junk a parser may
	 * trip on inserted.
	 * @param original the bytes
	 * @return a damaged copy
	 */
	public byte[] damaged(byte[] original) {
		return switch (this.random.nextInt(3)) {
			case 0 -> Arrays.copyOf(original, this.random.nextInt(original.length + 1));
			case 1 -> replaced(original);
			default -> inserted(original);
		};
	}

	private byte[] replaced(byte[] original) {
		byte[] copy = original.clone();
		if (copy.length > 0) {
			copy[this.random.nextInt(copy.length)] = (byte) this.random.nextInt(256);
		}
		return copy;
	}

	private byte[] inserted(byte[] original) {
		byte[] junk = oneOf(JUNK).getBytes(StandardCharsets.UTF_8);
		int at = this.random.nextInt(original.length + 1);
		byte[] copy = new byte[original.length + junk.length];
		System.arraycopy(original, 0, copy, 0, at);
		System.arraycopy(junk, 0, copy, at, junk.length);
		System.arraycopy(original, at, copy, at + junk.length, original.length - at);
		return copy;
	}

}
