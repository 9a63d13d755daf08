package io.insightmesh.sdk.contract;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;
import org.apache.avro.Schema.Type;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaIncompatibilityType;

/**
 * The floor under the platform's rules: whatever Avro's own resolution finds a reader with the new
 * contract cannot read from data written with the old one is MAJOR, whether or not a rule says so.
 */
final class AvroFloor {
  private AvroFloor() {}

  /**
   * Avro's findings that no MAJOR change in {@code reported} already explains: one at the same path
   * or inside a part of the contract already reported MAJOR adds nothing. Avro reports any problem
   * inside a union branch as a missing branch at the union, so that finding is also explained by a
   * MAJOR change anywhere inside the union.
   */
  static List<SchemaChange> check(Schema previous, Schema proposed, List<SchemaChange> reported) {
    SchemaCompatibility.SchemaPairCompatibility compatibility =
        SchemaCompatibility.checkReaderWriterCompatibility(proposed, previous);
    if (compatibility.getType() == SchemaCompatibilityType.COMPATIBLE) {
      return List.of();
    }
    List<SchemaChange> known = new ArrayList<>(reported);
    List<SchemaChange> floor = new ArrayList<>();
    for (Incompatibility incompatibility : compatibility.getResult().getIncompatibilities()) {
      String path = SchemaPaths.display(path(proposed, incompatibility.getLocation()));
      boolean collapsed =
          incompatibility.getType() == SchemaIncompatibilityType.MISSING_UNION_BRANCH;
      boolean explained =
          known.stream()
              .filter(change -> change.level() == ChangeLevel.MAJOR)
              .anyMatch(
                  change ->
                      SchemaPaths.within(path, change.path())
                          || (collapsed && SchemaPaths.within(change.path(), path)));
      if (explained) {
        continue;
      }
      SchemaChange change =
          new SchemaChange(
              path,
              ChangeRule.AVRO_CANNOT_READ_OLD_DATA,
              incompatibility.getType()
                  + ": "
                  + incompatibility.getMessage()
                  + " (at "
                  + incompatibility.getLocation()
                  + ")");
      known.add(change);
      floor.add(change);
    }
    return floor;
  }

  /**
   * The field path of an Avro incompatibility location, a JSON pointer into the reader schema such
   * as {@code /fields/2/type/items/fields/0/type}. Avro stops descending at a union (the next token
   * is a branch index of the writer's union), so the path stops there too.
   */
  static String path(Schema reader, String location) {
    String[] tokens = location.split("/");
    Schema current = reader;
    String path = "";
    String icebergMap = null;
    for (int i = 1; i < tokens.length; i++) {
      switch (tokens[i]) {
        case "type" -> {}
        case "fields" -> {
          Field field = i + 1 < tokens.length ? field(current, tokens[++i]) : null;
          if (field == null) {
            return path;
          }
          if (icebergMap != null) {
            // A key problem belongs to the map itself; a value problem to its values.
            if (field.name().equals("key")) {
              return icebergMap;
            }
            icebergMap = null;
          } else {
            path = SchemaPaths.field(path, field.name());
          }
          current = field.schema();
        }
        case "items" -> {
          if (current.getType() != Type.ARRAY) {
            return path;
          }
          if (SchemaDiff.ICEBERG_MAP.equals(current.getProp("logicalType"))
              && SchemaDiff.isMapEntry(current.getElementType())) {
            icebergMap = path;
            path = SchemaPaths.values(path);
          } else {
            path = SchemaPaths.elements(path);
          }
          current = current.getElementType();
        }
        case "values" -> {
          if (current.getType() != Type.MAP) {
            return path;
          }
          path = SchemaPaths.values(path);
          current = current.getValueType();
        }
        default -> {
          return path;
        }
      }
    }
    return path;
  }

  private static Field field(Schema record, String position) {
    if (record.getType() != Type.RECORD) {
      return null;
    }
    try {
      int index = Integer.parseInt(position);
      return index >= 0 && index < record.getFields().size() ? record.getFields().get(index) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
