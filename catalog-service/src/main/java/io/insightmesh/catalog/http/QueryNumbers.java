package io.insightmesh.catalog.http;

import java.util.OptionalInt;

/**
 * Whole-number query parameters (page sizes, limits). Every listing refuses a bad one with the same
 * words, naming the parameter and its range; the text itself is not echoed, since a query string
 * may carry anything.
 */
public final class QueryNumbers {
  private QueryNumbers() {}

  /**
   * The value of parameter {@code name}, or empty when absent or empty.
   *
   * @throws IllegalArgumentException if it is not an integer from 1 to {@code max}
   */
  public static OptionalInt bounded(String name, String text, int max) {
    if (text == null || text.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= 1 && value <= max) {
        return OptionalInt.of(value);
      }
    } catch (NumberFormatException e) {
      // Refused below, with the same words as a number out of range.
    }
    throw new IllegalArgumentException("Invalid " + name + ": must be an integer from 1 to " + max);
  }

  /** As {@link #bounded(String, String, int)}, with {@code fallback} when absent or empty. */
  public static int bounded(String name, String text, int fallback, int max) {
    return bounded(name, text, max).orElse(fallback);
  }
}
