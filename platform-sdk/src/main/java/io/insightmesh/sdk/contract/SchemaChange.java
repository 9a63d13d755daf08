package io.insightmesh.sdk.contract;

import static java.util.Objects.requireNonNull;

/**
 * One change between two contract versions.
 *
 * @param path where the change is: a field path such as {@code payment.amount}, {@code
 *     address.lines[]} (array elements), {@code features{}.score} (map values), {@code
 *     payment<Card>.number} (a branch of a union of several types), or {@code (root)} for the
 *     top-level record itself
 * @param rule the rule that decided the change's level
 * @param detail what changed, for a person: {@code int → long}
 */
public record SchemaChange(String path, ChangeRule rule, String detail) {
  /** The path of the top-level record. */
  public static final String ROOT = "(root)";

  public SchemaChange {
    requireNonNull(path, "path is null");
    requireNonNull(rule, "rule is null");
    requireNonNull(detail, "detail is null");
  }

  /** The level the change's rule decides. */
  public ChangeLevel level() {
    return rule.level();
  }

  /** The change as {@code <LEVEL> <path>: <rule> — <detail>}. */
  public String toText() {
    return level() + " " + path + ": " + rule.id() + " — " + detail;
  }
}
