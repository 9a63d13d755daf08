package io.insightmesh.decisions.admin;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One change to a block list, as the store keeps it: a value blocked or unblocked, by whom, when
 * and why. Personal data, as entries are: only case workers and admins see changes.
 *
 * @param list the list changed
 * @param op what was done
 * @param value the value's canonical text ({@link BlockList#canonical})
 * @param reason why, as its author wrote it; null only for a removal made before removals took a
 *     reason
 * @param by the principal who made the change
 * @param at when
 */
public record BlockListChange(
    BlockList list, Op op, String value, String reason, String by, Instant at) {
  /** What a change did; {@link #wire()} is its name in the change file and the API. */
  public enum Op {
    ADD("add"),
    REMOVE("remove");

    private final String wire;

    Op(String wire) {
      this.wire = wire;
    }

    /** The name in the change file and the API. */
    public String wire() {
      return wire;
    }
  }

  /** Checks for nulls; only a removal may lack a reason. */
  public BlockListChange {
    requireNonNull(list, "list is null");
    requireNonNull(op, "op is null");
    requireNonNull(value, "value is null");
    requireNonNull(by, "by is null");
    requireNonNull(at, "at is null");
    if (op == Op.ADD) {
      requireNonNull(reason, "reason is null");
    }
  }

  @Override
  public String toString() {
    // Changes must never put a value or a reason into a log line by accident.
    return "BlockListChange[list="
        + list.pathName()
        + ", op="
        + op.wire()
        + ", by="
        + by
        + ", at="
        + at
        + "]";
  }
}
