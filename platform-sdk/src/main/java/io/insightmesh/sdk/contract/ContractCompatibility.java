package io.insightmesh.sdk.contract;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Classifies the change from one contract version to the next as PATCH, MINOR or MAJOR by the rules
 * of DESIGN.md §4 ({@link ChangeRule}), at any depth.
 *
 * <p>Fields are identified by name, so a rename is a removal and an addition (MAJOR), reported as
 * {@link ChangeRule#RENAME_FIELD} when the new field's {@code aliases} name the old one. A field is
 * optional when it is a union with null and its default is null; array elements and map values are
 * optional when nullable. A union of several non-null types is compared branch by branch when its
 * branches keep their names and places; any other change to its branches is {@link
 * ChangeRule#CHANGE_TYPE} (SQL readers see such a union as one column per branch, by position),
 * while adding or removing {@code null} is a change of optionality.
 *
 * <p>Avro's own {@code SchemaCompatibility} is the floor: after the rules, a reader with the
 * proposed contract is checked against data written with the previous one, and every problem Avro
 * finds that no MAJOR change already explains is added as {@link
 * ChangeRule#AVRO_CANNOT_READ_OLD_DATA}. The rules are stricter than Avro: int to double, a decimal
 * scale change, removing an optional field and a rename with an alias are MAJOR although Avro
 * resolves them. Only Avro speaks about the names of records, enums and fixed types, which SQL
 * readers do not see.
 */
public final class ContractCompatibility {
  private ContractCompatibility() {}

  /**
   * The changes from {@code previous} to {@code proposed}, most severe first (then in the order of
   * the contracts' fields), and their classification.
   *
   * @throws IllegalArgumentException if either schema is not a record
   */
  public static CompatibilityReport classify(Schema previous, Schema proposed) {
    requireNonNull(previous, "previous is null");
    requireNonNull(proposed, "proposed is null");
    requireRecord("previous", previous);
    requireRecord("proposed", proposed);
    List<SchemaChange> changes = new ArrayList<>(SchemaDiff.diff(previous, proposed));
    changes.addAll(AvroFloor.check(previous, proposed, changes));
    changes.sort(Comparator.comparing(SchemaChange::level).reversed());
    return new CompatibilityReport(changes);
  }

  private static void requireRecord(String name, Schema schema) {
    if (schema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException(
          "Cannot classify a contract change: the "
              + name
              + " contract is "
              + schema.getType()
              + ", not a record");
    }
  }
}
