package io.insightmesh.sdk.contract;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What {@link ContractCompatibility#classify} found: the changes, most severe first, and their
 * classification.
 *
 * @param changes in the order they are reported
 */
public record CompatibilityReport(List<SchemaChange> changes) {
  public CompatibilityReport {
    changes = List.copyOf(requireNonNull(changes, "changes is null"));
  }

  /** The highest level of any change; {@link ChangeLevel#PATCH} when nothing changed. */
  public ChangeLevel classification() {
    ChangeLevel classification = ChangeLevel.PATCH;
    for (SchemaChange change : changes) {
      if (change.level().exceeds(classification)) {
        classification = change.level();
      }
    }
    return classification;
  }

  /** The changes whose level is higher than {@code level}, in report order. */
  public List<SchemaChange> changesAbove(ChangeLevel level) {
    requireNonNull(level, "level is null");
    return changes.stream().filter(change -> change.level().exceeds(level)).toList();
  }

  /**
   * The report as {@code ./mesh contract check} prints it: {@code classification: <LEVEL>} on the
   * first line, then one line per change, {@code <LEVEL> <path>: <rule> — <detail>}, or {@code no
   * changes}. Lines end with {@code \n}.
   */
  public String toText() {
    StringBuilder text =
        new StringBuilder("classification: ").append(classification()).append('\n');
    if (changes.isEmpty()) {
      text.append("no changes\n");
    }
    for (SchemaChange change : changes) {
      text.append(change.toText()).append('\n');
    }
    return text.toString();
  }
}
