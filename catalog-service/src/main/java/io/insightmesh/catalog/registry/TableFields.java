package io.insightmesh.catalog.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** The field names of an Iceberg schema, for search. */
final class TableFields {
  /**
   * Enough for any schema a person designs; a generated one beyond this is searched by its first
   * fields, which keeps a product's search text within what both databases store in one column.
   */
  static final int MAX_NAMES = 2000;

  private TableFields() {}

  /**
   * Every field's name, nested ones joined by dots ({@code address.postcode}); fields inside lists
   * and maps are named through the list or map field ({@code items.sku}), the way SQL reaches them.
   */
  static List<String> names(Schema schema) {
    List<String> names = new ArrayList<>();
    collect("", schema.asStruct(), names);
    return List.copyOf(names);
  }

  private static void collect(String prefix, Type type, List<String> names) {
    if (names.size() >= MAX_NAMES) {
      return;
    }
    if (type.isStructType()) {
      for (Types.NestedField field : type.asStructType().fields()) {
        if (names.size() >= MAX_NAMES) {
          return;
        }
        String name = prefix + field.name();
        names.add(name);
        collect(name + ".", field.type(), names);
      }
    } else if (type.isListType()) {
      collect(prefix, type.asListType().elementType(), names);
    } else if (type.isMapType()) {
      collect(prefix, type.asMapType().keyType(), names);
      collect(prefix, type.asMapType().valueType(), names);
    }
  }
}
