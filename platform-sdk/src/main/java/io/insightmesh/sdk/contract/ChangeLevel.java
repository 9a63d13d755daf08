package io.insightmesh.sdk.contract;

/**
 * How far a contract change reaches, in semantic-versioning terms (DESIGN.md §4). Declared in
 * increasing order, so {@link #compareTo} orders levels and the classification of a set of changes
 * is their maximum.
 */
public enum ChangeLevel {
  /** No reader can observe it: docs, descriptions, field order, tags other than PII. */
  PATCH,
  /** Every existing reader and query keeps working and all old data stays readable. */
  MINOR,
  /** Anything else: a new table {@code <domain>.<product>_v<major>}. */
  MAJOR;

  /** Whether this level is higher than {@code other}. */
  public boolean exceeds(ChangeLevel other) {
    return compareTo(other) > 0;
  }

  /**
   * Parses a level, ignoring case.
   *
   * @throws IllegalArgumentException naming the text and the levels if it is none of them
   */
  public static ChangeLevel parse(String text) {
    for (ChangeLevel level : values()) {
      if (level.name().equalsIgnoreCase(text.strip())) {
        return level;
      }
    }
    throw new IllegalArgumentException(
        "Invalid change level '" + text + "': must be PATCH, MINOR or MAJOR");
  }
}
