package io.insightmesh.sdk.contract;

import static io.insightmesh.sdk.contract.ChangeRule.ADD_OPTIONAL_FIELD;
import static io.insightmesh.sdk.contract.ChangeRule.ADD_REQUIRED_FIELD;
import static io.insightmesh.sdk.contract.ChangeRule.ALIASES_CHANGED;
import static io.insightmesh.sdk.contract.ChangeRule.CHANGE_TYPE;
import static io.insightmesh.sdk.contract.ChangeRule.DECIMAL_PRECISION_NARROWED;
import static io.insightmesh.sdk.contract.ChangeRule.DECIMAL_PRECISION_WIDENED;
import static io.insightmesh.sdk.contract.ChangeRule.DECIMAL_SCALE_CHANGED;
import static io.insightmesh.sdk.contract.ChangeRule.DEFAULT_CHANGED;
import static io.insightmesh.sdk.contract.ChangeRule.DOC_CHANGED;
import static io.insightmesh.sdk.contract.ChangeRule.ENUM_SYMBOLS_REORDERED;
import static io.insightmesh.sdk.contract.ChangeRule.ENUM_SYMBOL_ADDED;
import static io.insightmesh.sdk.contract.ChangeRule.ENUM_SYMBOL_REMOVED;
import static io.insightmesh.sdk.contract.ChangeRule.FIELD_ORDER_CHANGED;
import static io.insightmesh.sdk.contract.ChangeRule.LOGICAL_TYPE_CHANGED;
import static io.insightmesh.sdk.contract.ChangeRule.MAP_KEY_CHANGED;
import static io.insightmesh.sdk.contract.ChangeRule.MASK_CHANGED;
import static io.insightmesh.sdk.contract.ChangeRule.NARROW_TYPE;
import static io.insightmesh.sdk.contract.ChangeRule.OPTIONAL_TO_REQUIRED;
import static io.insightmesh.sdk.contract.ChangeRule.PII_TAG_ADDED;
import static io.insightmesh.sdk.contract.ChangeRule.PII_TAG_CHANGED;
import static io.insightmesh.sdk.contract.ChangeRule.PII_TAG_REMOVED;
import static io.insightmesh.sdk.contract.ChangeRule.QUALITY_RULE_CHANGED;
import static io.insightmesh.sdk.contract.ChangeRule.REMOVE_FIELD;
import static io.insightmesh.sdk.contract.ChangeRule.RENAME_FIELD;
import static io.insightmesh.sdk.contract.ChangeRule.REQUIRED_TO_OPTIONAL;
import static io.insightmesh.sdk.contract.ChangeRule.TAG_CHANGED;
import static io.insightmesh.sdk.contract.ChangeRule.WIDEN_FLOAT_TO_DOUBLE;
import static io.insightmesh.sdk.contract.ChangeRule.WIDEN_INT_TO_LONG;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;
import org.apache.avro.Schema.Type;

/**
 * The structural diff behind {@link ContractCompatibility}: walks two contracts side by side, field
 * by name, at any depth, and reports each difference under the {@link ChangeRule} that decides it.
 */
final class SchemaDiff {
  static final String PII = "pii";
  static final String MASK = "mask";
  static final String QUALITY = "quality";

  /** Iceberg's Avro form of a map whose keys are not strings: an array of key/value records. */
  static final String ICEBERG_MAP = "map";

  private static final String LOGICAL_TYPE = "logicalType";
  private static final String ADJUST_TO_UTC = "adjust-to-utc";
  private static final Set<String> PLATFORM_PROPERTIES = Set.of(PII, MASK, QUALITY);
  private static final Set<String> LOGICAL_TYPE_PROPERTIES =
      Set.of(LOGICAL_TYPE, "precision", "scale", ADJUST_TO_UTC);

  private final List<SchemaChange> changes = new ArrayList<>();
  // Record pairs being compared: a recursive type is compared once per path, not forever.
  private final Set<String> inProgress = new HashSet<>();

  private SchemaDiff() {}

  /** The differences between two records, in the order the walk meets them. */
  static List<SchemaChange> diff(Schema previous, Schema proposed) {
    SchemaDiff diff = new SchemaDiff();
    diff.type("", previous, proposed);
    return diff.changes;
  }

  private void add(String path, ChangeRule rule, String detail) {
    changes.add(new SchemaChange(SchemaPaths.display(path), rule, detail));
  }

  private void fields(String path, Schema previous, Schema proposed) {
    Map<String, Field> before = byName(previous);
    Map<String, Field> after = byName(proposed);
    Map<String, Field> renamedTo = new LinkedHashMap<>();
    Set<String> renameTargets = new HashSet<>();
    for (Field old : previous.getFields()) {
      if (after.containsKey(old.name())) {
        continue;
      }
      for (Field candidate : proposed.getFields()) {
        if (!before.containsKey(candidate.name())
            && !renameTargets.contains(candidate.name())
            && candidate.aliases().contains(old.name())) {
          renamedTo.put(old.name(), candidate);
          renameTargets.add(candidate.name());
          break;
        }
      }
    }

    for (Field old : previous.getFields()) {
      String fieldPath = SchemaPaths.field(path, old.name());
      Field now = after.get(old.name());
      Field renamed = renamedTo.get(old.name());
      if (now != null) {
        field(fieldPath, old, now, false);
      } else if (renamed != null) {
        add(
            fieldPath,
            RENAME_FIELD,
            "renamed to "
                + renamed.name()
                + "; its alias "
                + old.name()
                + " keeps Avro readers working, not SQL queries that name "
                + old.name());
        // Whatever else changed on the way (a lost pii tag above all) is reported too.
        field(SchemaPaths.field(path, renamed.name()), old, renamed, true);
      } else {
        add(
            fieldPath,
            REMOVE_FIELD,
            (isOptional(old) ? "optional " : "required ")
                + describe(Branches.of(old.schema()).types())
                + " field removed");
      }
    }

    for (Field added : proposed.getFields()) {
      if (before.containsKey(added.name()) || renameTargets.contains(added.name())) {
        continue;
      }
      String fieldPath = SchemaPaths.field(path, added.name());
      String type = describe(Branches.of(added.schema()).types()) + piiNote(added);
      if (isOptional(added)) {
        add(fieldPath, ADD_OPTIONAL_FIELD, "new optional field of type " + type);
      } else {
        add(fieldPath, ADD_REQUIRED_FIELD, "new field of type " + type + notOptional(added));
      }
    }

    List<String> oldOrder =
        previous.getFields().stream().map(Field::name).filter(after::containsKey).toList();
    List<String> newOrder =
        proposed.getFields().stream().map(Field::name).filter(before::containsKey).toList();
    if (!oldOrder.equals(newOrder)) {
      add(
          path,
          FIELD_ORDER_CHANGED,
          "fields now in the order "
              + String.join(", ", newOrder)
              + " (was "
              + String.join(", ", oldOrder)
              + ")");
    }
  }

  private void field(String path, Field old, Field now, boolean renamed) {
    Branches before = Branches.of(old.schema());
    Branches after = Branches.of(now.schema());
    boolean optionalityChanged = optionality(path, before, after);
    union(path, before, after);
    if (!optionalityChanged && !sameDefault(old, now)) {
      add(path, DEFAULT_CHANGED, "default " + defaultOf(old) + " → " + defaultOf(now));
    }

    Object oldPii = old.getObjectProp(PII);
    Object newPii = now.getObjectProp(PII);
    if (oldPii == null && newPii != null) {
      add(path, PII_TAG_ADDED, "tagged pii " + newPii + " (mask " + now.getObjectProp(MASK) + ")");
    } else if (oldPii != null && newPii == null) {
      add(
          path,
          PII_TAG_REMOVED,
          "pii tag " + oldPii + " removed: the value would no longer be masked");
    } else if (oldPii != null && !oldPii.equals(newPii)) {
      add(path, PII_TAG_CHANGED, "pii " + oldPii + " → " + newPii);
    }
    Object oldMask = old.getObjectProp(MASK);
    Object newMask = now.getObjectProp(MASK);
    if (oldPii != null && newPii != null && !Objects.equals(oldMask, newMask)) {
      add(path, MASK_CHANGED, "mask " + oldMask + " → " + newMask);
    }

    if (!Objects.equals(old.doc(), now.doc())) {
      add(path, DOC_CHANGED, "doc changed");
    }
    Object oldQuality = old.getObjectProp(QUALITY);
    Object newQuality = now.getObjectProp(QUALITY);
    if (!Objects.equals(oldQuality, newQuality)) {
      add(
          path,
          QUALITY_RULE_CHANGED,
          "quality rules " + ruleNames(oldQuality) + " → " + ruleNames(newQuality));
    }
    if (!renamed && !old.aliases().equals(now.aliases())) {
      add(
          path,
          ALIASES_CHANGED,
          "aliases " + sorted(old.aliases()) + " → " + sorted(now.aliases()));
    }
    tags(path, old.getObjectProps(), now.getObjectProps());
  }

  /** Reports a change of nullability; whether there was one. */
  private boolean optionality(String path, Branches before, Branches after) {
    if (before.nullable() && !after.nullable()) {
      add(path, OPTIONAL_TO_REQUIRED, "may no longer be null");
      return true;
    }
    if (!before.nullable() && after.nullable()) {
      add(path, REQUIRED_TO_OPTIONAL, "may now be null");
      return true;
    }
    return false;
  }

  // The non-null branches: one type (the usual case), or a union of several.
  private void union(String path, Branches before, Branches after) {
    List<Schema> old = before.types();
    List<Schema> now = after.types();
    if (old.size() == 1 && now.size() == 1) {
      type(path, old.get(0), now.get(0));
      return;
    }
    List<String> oldLabels = old.stream().map(SchemaDiff::label).toList();
    List<String> newLabels = now.stream().map(SchemaDiff::label).toList();
    if (old.size() > 1 && oldLabels.equals(newLabels)) {
      for (int i = 0; i < old.size(); i++) {
        type(SchemaPaths.branch(path, oldLabels.get(i)), old.get(i), now.get(i));
      }
      return;
    }
    add(
        path,
        CHANGE_TYPE,
        describe(old)
            + " → "
            + describe(now)
            + (old.size() > 1 && now.size() > 1
                ? "; SQL readers see a union as one column per branch, by position"
                : ""));
  }

  private void type(String path, Schema old, Schema now) {
    String oldLogical = old.getProp(LOGICAL_TYPE);
    String newLogical = now.getProp(LOGICAL_TYPE);
    if (!Objects.equals(oldLogical, newLogical)) {
      add(path, LOGICAL_TYPE_CHANGED, describe(old) + " → " + describe(now));
      return;
    }
    if ("decimal".equals(oldLogical)) {
      decimal(path, old, now);
      return;
    }
    if (oldLogical != null && !ICEBERG_MAP.equals(oldLogical)) {
      if (old.getType() != now.getType()
          || (old.getType() == Type.FIXED && old.getFixedSize() != now.getFixedSize())) {
        add(path, CHANGE_TYPE, describe(old) + " → " + describe(now));
        return;
      }
      if (oldLogical.startsWith("timestamp")
          && !Objects.equals(old.getObjectProp(ADJUST_TO_UTC), now.getObjectProp(ADJUST_TO_UTC))) {
        add(
            path,
            LOGICAL_TYPE_CHANGED,
            oldLogical
                + " adjust-to-utc "
                + old.getObjectProp(ADJUST_TO_UTC)
                + " → "
                + now.getObjectProp(ADJUST_TO_UTC)
                + ": instants would become local date-times, or the reverse");
      }
      typeMetadata(path, old, now);
      return;
    }
    if (old.getType() != now.getType()) {
      primitive(path, old, now);
      return;
    }
    switch (old.getType()) {
      case RECORD -> {
        String pair = old.getFullName() + "→" + now.getFullName();
        if (!inProgress.add(pair)) {
          return;
        }
        typeMetadata(path, old, now);
        fields(path, old, now);
        inProgress.remove(pair);
      }
      case ENUM -> {
        enumSymbols(path, old, now);
        typeMetadata(path, old, now);
      }
      case ARRAY -> {
        if (ICEBERG_MAP.equals(oldLogical)) {
          icebergMap(path, old, now);
        } else {
          element(SchemaPaths.elements(path), old.getElementType(), now.getElementType());
        }
        typeMetadata(path, old, now);
      }
      case MAP -> {
        element(SchemaPaths.values(path), old.getValueType(), now.getValueType());
        typeMetadata(path, old, now);
      }
      case FIXED -> {
        if (old.getFixedSize() != now.getFixedSize()) {
          add(path, CHANGE_TYPE, describe(old) + " → " + describe(now));
        }
        typeMetadata(path, old, now);
      }
      default -> typeMetadata(path, old, now);
    }
  }

  // Array elements and map values: optional when nullable (they have no defaults).
  private void element(String path, Schema old, Schema now) {
    Branches before = Branches.of(old);
    Branches after = Branches.of(now);
    optionality(path, before, after);
    union(path, before, after);
  }

  // Both sides are decimals. A change of storage alone (bytes against fixed, another fixed size)
  // keeps the SQL type: it is left to the Avro floor, which cannot resolve it.
  private void decimal(String path, Schema old, Schema now) {
    int oldScale = decimalProperty(old, "scale");
    int newScale = decimalProperty(now, "scale");
    int oldPrecision = decimalProperty(old, "precision");
    int newPrecision = decimalProperty(now, "precision");
    String change = describe(old) + " → " + describe(now);
    if (oldScale != newScale) {
      add(path, DECIMAL_SCALE_CHANGED, change);
    }
    if (newPrecision > oldPrecision) {
      add(path, DECIMAL_PRECISION_WIDENED, change);
    } else if (newPrecision < oldPrecision) {
      add(path, DECIMAL_PRECISION_NARROWED, change);
    }
    typeMetadata(path, old, now);
  }

  // Different Avro types, no logical types on either side.
  private void primitive(String path, Schema old, Schema now) {
    Type from = old.getType();
    Type to = now.getType();
    String change = describe(old) + " → " + describe(now);
    if (from == Type.INT && to == Type.LONG) {
      add(path, WIDEN_INT_TO_LONG, change);
    } else if (from == Type.FLOAT && to == Type.DOUBLE) {
      add(path, WIDEN_FLOAT_TO_DOUBLE, change);
    } else if ((from == Type.LONG && to == Type.INT)
        || (from == Type.DOUBLE && to == Type.FLOAT)
        || (isFloating(from) && isIntegral(to))) {
      add(path, NARROW_TYPE, change);
    } else if (avroPromotes(from, to)) {
      add(
          path,
          CHANGE_TYPE,
          change + "; Avro promotes it, Iceberg does not: SQL readers would see another type");
    } else {
      add(path, CHANGE_TYPE, change);
    }
  }

  private void enumSymbols(String path, Schema old, Schema now) {
    List<String> removed =
        old.getEnumSymbols().stream().filter(symbol -> !now.hasEnumSymbol(symbol)).toList();
    List<String> added =
        now.getEnumSymbols().stream().filter(symbol -> !old.hasEnumSymbol(symbol)).toList();
    if (!removed.isEmpty()) {
      add(path, ENUM_SYMBOL_REMOVED, "symbols removed: " + String.join(", ", removed));
    }
    if (!added.isEmpty()) {
      add(path, ENUM_SYMBOL_ADDED, "symbols added: " + String.join(", ", added));
    }
    List<String> oldOrder = old.getEnumSymbols().stream().filter(now::hasEnumSymbol).toList();
    List<String> newOrder = now.getEnumSymbols().stream().filter(old::hasEnumSymbol).toList();
    if (!oldOrder.equals(newOrder)) {
      add(
          path,
          ENUM_SYMBOLS_REORDERED,
          "symbols now in the order "
              + String.join(", ", newOrder)
              + " (was "
              + String.join(", ", oldOrder)
              + ")");
    }
    if (!Objects.equals(old.getEnumDefault(), now.getEnumDefault())) {
      add(
          path,
          DEFAULT_CHANGED,
          "enum default " + old.getEnumDefault() + " → " + now.getEnumDefault());
    }
  }

  // Iceberg's map form: array<record {key, value}> with "logicalType": "map".
  private void icebergMap(String path, Schema old, Schema now) {
    Schema oldEntry = old.getElementType();
    Schema newEntry = now.getElementType();
    if (!isMapEntry(oldEntry) || !isMapEntry(newEntry)) {
      element(SchemaPaths.elements(path), oldEntry, newEntry);
      return;
    }
    Schema oldKey = oldEntry.getField("key").schema();
    Schema newKey = newEntry.getField("key").schema();
    if (!describe(oldKey).equals(describe(newKey))) {
      add(path, MAP_KEY_CHANGED, "map keys " + describe(oldKey) + " → " + describe(newKey));
    }
    element(
        SchemaPaths.values(path),
        oldEntry.getField("value").schema(),
        newEntry.getField("value").schema());
  }

  // Docs, aliases and tags of the type itself (a record's or an enum's doc, say).
  private void typeMetadata(String path, Schema old, Schema now) {
    if (isNamed(old) && isNamed(now)) {
      if (!Objects.equals(old.getDoc(), now.getDoc())) {
        add(path, DOC_CHANGED, "doc of " + describe(now) + " changed");
      }
      if (!old.getAliases().equals(now.getAliases())) {
        add(
            path,
            ALIASES_CHANGED,
            "aliases of "
                + describe(now)
                + " "
                + sorted(old.getAliases())
                + " → "
                + sorted(now.getAliases()));
      }
    }
    tags(
        path,
        without(old.getObjectProps(), LOGICAL_TYPE_PROPERTIES),
        without(now.getObjectProps(), LOGICAL_TYPE_PROPERTIES));
  }

  private void tags(String path, Map<String, Object> old, Map<String, Object> now) {
    Map<String, Object> before = without(old, PLATFORM_PROPERTIES);
    Map<String, Object> after = without(now, PLATFORM_PROPERTIES);
    if (!before.equals(after)) {
      Set<String> names = new TreeSet<>(before.keySet());
      names.addAll(after.keySet());
      names.removeIf(name -> Objects.equals(before.get(name), after.get(name)));
      add(path, TAG_CHANGED, "properties changed: " + String.join(", ", names));
    }
  }

  private static Map<String, Object> without(Map<String, Object> properties, Set<String> names) {
    Map<String, Object> kept = new TreeMap<>(properties);
    kept.keySet().removeAll(names);
    return kept;
  }

  /** A field is optional when it is nullable and its default is null (DESIGN.md §4). */
  static boolean isOptional(Field field) {
    return Branches.of(field.schema()).nullable()
        && field.hasDefaultValue()
        && field.defaultVal() == JsonProperties.NULL_VALUE;
  }

  private static String notOptional(Field field) {
    if (!Branches.of(field.schema()).nullable()) {
      return "; not nullable"
          + (field.hasDefaultValue()
              ? " (a default does not help: Iceberg cannot add a required column to rows it holds)"
              : "");
    }
    return field.hasDefaultValue()
        ? "; nullable, but its default is not null"
        : "; nullable, but without default null";
  }

  private static String piiNote(Field field) {
    Object pii = field.getObjectProp(PII);
    return pii == null ? "" : " (pii " + pii + ", mask " + field.getObjectProp(MASK) + ")";
  }

  private static boolean sameDefault(Field old, Field now) {
    if (old.hasDefaultValue() != now.hasDefaultValue()) {
      return false;
    }
    return !old.hasDefaultValue()
        || normalized(old.defaultVal()).equals(normalized(now.defaultVal()));
  }

  private static String defaultOf(Field field) {
    if (!field.hasDefaultValue()) {
      return "(none)";
    }
    Object value = field.defaultVal();
    if (value == JsonProperties.NULL_VALUE) {
      return "null";
    }
    return value instanceof byte[] bytes ? "bytes[" + bytes.length + "]" : String.valueOf(value);
  }

  // Avro hands defaults over typed by their schema: 0 is an Integer for int and a Long for long.
  private static Object normalized(Object value) {
    if (value == null || value == JsonProperties.NULL_VALUE) {
      return "null";
    }
    if (value instanceof Number number) {
      return new BigDecimal(number.toString()).stripTrailingZeros();
    }
    if (value instanceof byte[] bytes) {
      return ByteBuffer.wrap(bytes);
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> normalized = new TreeMap<>();
      map.forEach((key, item) -> normalized.put(String.valueOf(key), normalized(item)));
      return normalized;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(SchemaDiff::normalized).toList();
    }
    return value.toString();
  }

  private static String ruleNames(Object quality) {
    if (!(quality instanceof List<?> rules)) {
      return quality == null ? "[]" : String.valueOf(quality);
    }
    return rules.stream()
        .map(rule -> rule instanceof Map<?, ?> map ? String.valueOf(map.get("rule")) : "?")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }

  private static Map<String, Field> byName(Schema record) {
    Map<String, Field> fields = new LinkedHashMap<>();
    for (Field field : record.getFields()) {
      fields.put(field.name(), field);
    }
    return fields;
  }

  static boolean isMapEntry(Schema entry) {
    return entry.getType() == Type.RECORD
        && entry.getFields().size() == 2
        && entry.getField("key") != null
        && entry.getField("value") != null;
  }

  private static int decimalProperty(Schema decimal, String name) {
    if (decimal.getLogicalType() instanceof LogicalTypes.Decimal valid) {
      return "scale".equals(name) ? valid.getScale() : valid.getPrecision();
    }
    return decimal.getObjectProp(name) instanceof Number number ? number.intValue() : 0;
  }

  private static boolean isNamed(Schema schema) {
    return schema.getType() == Type.RECORD
        || schema.getType() == Type.ENUM
        || schema.getType() == Type.FIXED;
  }

  private static boolean isIntegral(Type type) {
    return type == Type.INT || type == Type.LONG;
  }

  private static boolean isFloating(Type type) {
    return type == Type.FLOAT || type == Type.DOUBLE;
  }

  // Avro's promotions (the specification's "Schema Resolution"), of which Iceberg allows only
  // int to long and float to double.
  private static boolean avroPromotes(Type from, Type to) {
    return switch (from) {
      case INT -> to == Type.LONG || to == Type.FLOAT || to == Type.DOUBLE;
      case LONG -> to == Type.FLOAT || to == Type.DOUBLE;
      case FLOAT -> to == Type.DOUBLE;
      case STRING -> to == Type.BYTES;
      case BYTES -> to == Type.STRING;
      default -> false;
    };
  }

  /** How a branch of a union is named in paths: its name if it has one, else its type. */
  static String label(Schema schema) {
    return isNamed(schema) ? schema.getName() : schema.getType().getName();
  }

  /** A type as reports print it: {@code int}, {@code decimal(12,2)}, {@code array<long>}. */
  static String describe(Schema schema) {
    String logical = schema.getProp(LOGICAL_TYPE);
    if ("decimal".equals(logical)) {
      return "decimal("
          + decimalProperty(schema, "precision")
          + ","
          + decimalProperty(schema, "scale")
          + ")"
          + (schema.getType() == Type.FIXED ? " as fixed(" + schema.getFixedSize() + ")" : "");
    }
    if (logical != null && !ICEBERG_MAP.equals(logical)) {
      return logical;
    }
    return switch (schema.getType()) {
      case RECORD, ENUM -> schema.getType().getName() + " " + schema.getName();
      case FIXED -> "fixed(" + schema.getFixedSize() + ")";
      case ARRAY -> {
        Schema element = schema.getElementType();
        if (ICEBERG_MAP.equals(logical) && isMapEntry(element)) {
          yield "map<"
              + describe(element.getField("key").schema())
              + ", "
              + describe(element.getField("value").schema())
              + ">";
        }
        yield "array<" + describe(element) + ">";
      }
      case MAP -> "map<" + describe(schema.getValueType()) + ">";
      case UNION -> describe(schema.getTypes());
      default -> schema.getType().getName().toLowerCase(Locale.ROOT);
    };
  }

  private static String describe(List<Schema> types) {
    if (types.isEmpty()) {
      return "null";
    }
    if (types.size() == 1) {
      return describe(types.get(0));
    }
    return types.stream().map(SchemaDiff::describe).collect(Collectors.joining(", ", "[", "]"));
  }

  /**
   * A type seen as nullable or not, and its other branches: {@code ["null", T]} is a nullable
   * {@code T}; {@code ["int", "string"]} has two branches and is not nullable.
   */
  record Branches(boolean nullable, List<Schema> types) {
    static Branches of(Schema schema) {
      if (schema.getType() != Type.UNION) {
        boolean isNull = schema.getType() == Type.NULL;
        return new Branches(isNull, isNull ? List.of() : List.of(schema));
      }
      List<Schema> types =
          schema.getTypes().stream().filter(type -> type.getType() != Type.NULL).toList();
      return new Branches(types.size() < schema.getTypes().size(), types);
    }
  }
}
