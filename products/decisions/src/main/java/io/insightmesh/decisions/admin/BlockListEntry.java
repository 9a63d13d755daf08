package io.insightmesh.decisions.admin;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One blocked value and why. Personal data: only case workers and admins see entries.
 *
 * @param list the list it is on
 * @param value its canonical text ({@link BlockList#canonical})
 * @param reason why it was blocked, as its author wrote it
 * @param addedBy the principal who blocked it
 * @param addedAt when
 */
public record BlockListEntry(
    BlockList list, String value, String reason, String addedBy, Instant addedAt) {
  /** Checks for nulls. */
  public BlockListEntry {
    requireNonNull(list, "list is null");
    requireNonNull(value, "value is null");
    requireNonNull(reason, "reason is null");
    requireNonNull(addedBy, "addedBy is null");
    requireNonNull(addedAt, "addedAt is null");
  }

  @Override
  public String toString() {
    // Entries must never put a value into a log line by accident.
    return "BlockListEntry[list="
        + list.pathName()
        + ", addedBy="
        + addedBy
        + ", addedAt="
        + addedAt
        + "]";
  }
}
