package io.insightmesh.sdk.contract;

import static io.insightmesh.sdk.contract.ChangeLevel.MAJOR;
import static io.insightmesh.sdk.contract.ChangeLevel.MINOR;
import static io.insightmesh.sdk.contract.ChangeLevel.PATCH;
import static java.util.Objects.requireNonNull;

/**
 * The rules of DESIGN.md §4 that classify a contract change, each with the level it decides and
 * why. They apply at any depth: top-level fields, fields of nested records, array elements ({@code
 * lines[]}), map values ({@code features{}}) and branches of unions ({@code payment<Card>}).
 *
 * <p>The rules protect two kinds of readers: Avro readers that read old data with the new schema,
 * and SQL readers of the product's Iceberg table. They are therefore stricter than Avro's own
 * schema resolution, which is only their floor ({@link #AVRO_CANNOT_READ_OLD_DATA}).
 */
public enum ChangeRule {
  /** An optional field (a union with null, default null) appears. */
  ADD_OPTIONAL_FIELD(
      "add-optional-field",
      MINOR,
      "old rows read the new field as null, and no existing query names it"),
  /**
   * A field that is not optional appears. A non-null default does not help: Iceberg cannot add a
   * required column to a table that already holds rows.
   */
  ADD_REQUIRED_FIELD(
      "add-required-field",
      MAJOR,
      "old rows have no value for it; only a nullable field with default null can be added"),
  /** A field disappears, optional or not. */
  REMOVE_FIELD("remove-field", MAJOR, "readers and queries that name the field fail"),
  /**
   * A field disappears and a new one names it among its {@code aliases}. The alias lets Avro
   * readers resolve the old name; SQL queries name columns and would fail.
   */
  RENAME_FIELD(
      "rename-field", MAJOR, "aliases keep Avro readers working, but not SQL queries that name it"),
  /** A field, array element or map value may now be null. */
  REQUIRED_TO_OPTIONAL(
      "required-to-optional",
      MINOR,
      "every old value stays valid; Iceberg makes a column optional in place"),
  /** A field, array element or map value may no longer be null. */
  OPTIONAL_TO_REQUIRED(
      "optional-to-required", MAJOR, "old rows may hold nulls the new contract forbids"),
  /** int becomes long: an Iceberg-legal promotion. */
  WIDEN_INT_TO_LONG("widen-int-to-long", MINOR, "Iceberg-legal promotion: every old value fits"),
  /** float becomes double: an Iceberg-legal promotion. */
  WIDEN_FLOAT_TO_DOUBLE(
      "widen-float-to-double", MINOR, "Iceberg-legal promotion: every old value fits"),
  /** A numeric type becomes a smaller one (long to int, double to float, floating to integral). */
  NARROW_TYPE("narrow-type", MAJOR, "old values may not fit the smaller type"),
  /**
   * The type changes in any other way. This includes promotions Avro resolves but Iceberg does not
   * (int or long to float or double, string to bytes and back), a union's list of non-null
   * branches, and a map becoming an array or the reverse.
   */
  CHANGE_TYPE(
      "change-type",
      MAJOR,
      "readers and queries would see another type; Avro promotions Iceberg lacks do not count"),
  /** decimal(P,S) becomes decimal(P2,S) with P2 &gt; P: an Iceberg-legal promotion. */
  DECIMAL_PRECISION_WIDENED(
      "decimal-precision-widened", MINOR, "Iceberg-legal promotion: every old value fits"),
  /** decimal(P,S) becomes decimal(P2,S) with P2 &lt; P. */
  DECIMAL_PRECISION_NARROWED(
      "decimal-precision-narrowed", MAJOR, "old values may not fit the smaller precision"),
  /**
   * A decimal's scale changes. Avro does not notice (the logical type is not part of its
   * resolution); the same stored digits would mean another amount.
   */
  DECIMAL_SCALE_CHANGED(
      "decimal-scale-changed", MAJOR, "the same stored digits would mean another amount"),
  /**
   * A logical type appears, disappears or changes: timestamp-millis to timestamp-micros, date to
   * int, string to uuid, UTC-adjusted to local timestamps. Avro does not notice.
   */
  LOGICAL_TYPE_CHANGED(
      "logical-type-changed", MAJOR, "the same stored value would mean something else"),
  /**
   * An enum gains symbols. MINOR: old data holds only the old symbols, so a reader with the new
   * contract reads all of it, and SQL readers see enums as strings, so their queries keep working.
   * What the rules do not promise is that a reader still on the old contract reads new data: that
   * is the consumer's upgrade, which a MINOR release announces.
   */
  ENUM_SYMBOL_ADDED(
      "enum-symbol-added",
      MINOR,
      "old data holds only old symbols, and SQL readers see enums as strings"),
  /** An enum loses symbols. */
  ENUM_SYMBOL_REMOVED(
      "enum-symbol-removed", MAJOR, "old rows may hold a symbol the new contract lacks"),
  /** An enum keeps its symbols in another order. */
  ENUM_SYMBOLS_REORDERED(
      "enum-symbols-reordered",
      PATCH,
      "readers resolve symbols by name, and Iceberg stores enums as strings"),
  /**
   * The key type of a map changes. Avro maps always have string keys; the rule applies to maps in
   * Iceberg's Avro form (an array with {@code "logicalType": "map"} of {@code key}/{@code value}
   * records). A map becoming an array, or the reverse, is {@link #CHANGE_TYPE}.
   */
  MAP_KEY_CHANGED("map-key-changed", MAJOR, "Iceberg cannot change the keys of a map in place"),
  /** A field gains a {@code pii} tag. */
  PII_TAG_ADDED("pii-tag-added", MINOR, "tightens access: the field is masked from now on"),
  /** A field's {@code pii} tag changes to another kind of personal data. */
  PII_TAG_CHANGED("pii-tag-changed", MINOR, "the field stays protected under another policy"),
  /** A field loses its {@code pii} tag. */
  PII_TAG_REMOVED(
      "pii-tag-removed",
      MAJOR,
      "the field would be shown in clear to principals who may not see it"),
  /** A personal field's {@code mask} strategy changes. */
  MASK_CHANGED(
      "mask-changed",
      MINOR,
      "masked readers see the same value rendered differently; no query breaks"),
  /** A field's or a type's {@code doc} changes. */
  DOC_CHANGED("doc-changed", PATCH, "documentation only"),
  /** A record keeps its fields in another order. */
  FIELD_ORDER_CHANGED(
      "field-order-changed",
      PATCH,
      "Avro resolves fields by name, Iceberg by field id, SQL by column name"),
  /**
   * A field's {@code quality} rules change. PATCH: quality rules are checked on the writer's side
   * when a release is published; they never change what a reader can read or how a query resolves.
   */
  QUALITY_RULE_CHANGED(
      "quality-rule-changed",
      PATCH,
      "checked when a release is published; never changes what readers can read"),
  /**
   * A field's or an enum's default changes. A default fills a value only where the data written
   * lacks the field; every row of the product's table has it (Iceberg reads rows written before a
   * column existed as null, whatever the default).
   */
  DEFAULT_CHANGED("default-changed", PATCH, "defaults never fill values the data already holds"),
  /** A field's or a named type's {@code aliases} change without a rename. */
  ALIASES_CHANGED(
      "aliases-changed", PATCH, "aliases only help Avro readers resolve names; no name changes"),
  /** A property other than {@code pii}, {@code mask} and {@code quality} changes: a tag. */
  TAG_CHANGED("tag-changed", PATCH, "tags other than PII do not change what readers see"),
  /**
   * The floor: Avro's own reader/writer resolution ({@code SchemaCompatibility}) finds that a
   * reader with the new contract cannot read data written with the old one, and no rule above says
   * so already.
   */
  AVRO_CANNOT_READ_OLD_DATA(
      "avro-cannot-read-old-data",
      MAJOR,
      "Avro's schema resolution cannot read old data with the new contract");

  private final String id;
  private final ChangeLevel level;
  private final String reason;

  ChangeRule(String id, ChangeLevel level, String reason) {
    this.id = requireNonNull(id, "id is null");
    this.level = requireNonNull(level, "level is null");
    this.reason = requireNonNull(reason, "reason is null");
  }

  /** The rule's id as reports print it, e.g. {@code widen-int-to-long}. */
  public String id() {
    return id;
  }

  /** The level every change under this rule has. */
  public ChangeLevel level() {
    return level;
  }

  /** Why the rule decides its level, in one line. */
  public String reason() {
    return reason;
  }

  @Override
  public String toString() {
    return id;
  }
}
