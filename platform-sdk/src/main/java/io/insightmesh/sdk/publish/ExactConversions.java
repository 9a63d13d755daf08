package io.insightmesh.sdk.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.exists;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.contracts.spec.TextForms;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses input values the contract's types would not hold as given. A publish puts its input in
 * the contract's columns with Spark's cast, which changes what it cannot hold — 12.345 in a
 * decimal(12,2) is 12.35, 12.7 in an int is 12, the text {@code 1975} as a date is 1975-01-01, a
 * timestamp without an offset is read in the JVM's time zone — and fails deep inside the write on a
 * value it cannot read at all, naming no field, while Spark's task logs quote the value. So before
 * anything is written, every value whose type the cast changes is checked, at any depth (a record's
 * fields by name, as the publish conforms them, a list's elements, a map's keys and values), all in
 * one aggregate pass, and the publish is refused naming each field by its path ({@code
 * address.postcode}, {@code lines[].amount}, {@code totals{}} for a map's values, {@code
 * totals{key}} for its keys), its rule and a few rows by the product's key ({@link ExampleValues});
 * the values themselves are never shown.
 *
 * <p>A present value converts exactly when it converts at all ({@code try_cast} is not null) and,
 * by the contract's type:
 *
 * <ul>
 *   <li>int, long, decimal, float, double from a number: converted back to the input's type, it is
 *       the input again. A double 12.34 becomes 12.34 and back the same double; 12.345 becomes
 *       12.35, another double; a long above 2^53 does not come back from a double.
 *   <li>int, long from text: whole-number digits ({@link TextForms#WHOLE_NUMBER}), so {@code 12.7}
 *       and {@code 1e3} are refused, not truncated or guessed at.
 *   <li>decimal from text: the number the text denotes, read with the most decimal places the
 *       precision leaves (38 digits in all), equals the converted one: no more decimal places than
 *       the scale, rounding none away.
 *   <li>date from text: {@code yyyy-mm-dd} ({@link TextForms#DATE}); from a timestamp without time
 *       zone: midnight; from a timestamp with one, never: its day depends on the zone.
 *   <li>timestamp (with time zone) from text: ISO-8601 with its offset ({@link TextForms#INSTANT}),
 *       nothing below the microsecond (Spark would drop it); from a date, a timestamp without time
 *       zone or a number, never: they would be read in the JVM's time zone.
 *   <li>timestamp without time zone from text: a date and a time without offset; from a timestamp
 *       with one, never.
 *   <li>any other primitive type (boolean, float and double from text, ...): converting at all.
 * </ul>
 *
 * Text from any type is not checked: every value has a text form.
 */
final class ExactConversions {
  private static final Logger LOG = LoggerFactory.getLogger(ExactConversions.class);

  /** A date and time without offset, seconds and up to six fraction digits (microseconds). */
  private static final String LOCAL_DATE_TIME =
      TextForms.DATE + "[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]{1,6})?)?";

  /** A fraction of a second with a digit other than 0 below microseconds, which Spark drops. */
  private static final String BELOW_MICROSECONDS = "[.][0-9]{6}[0-9]*[1-9]";

  private ExactConversions() {}

  /** When a value of a column is not converted exactly, and the rule that says so. */
  private record Rule(Column inexact, String text) {}

  /**
   * A check: its field's path, the contract type there, its rule (true for a row with an inexact
   * value there), and whether a row holds many such values (in a list or a map).
   */
  private record Check(String field, DataType type, Rule rule, boolean many) {}

  /**
   * A value to check somewhere inside a column: its path, the contract's type there, the rule's
   * text, and its inexact-test given the value that holds it at the level the leaf was found.
   */
  private record Leaf(
      String path,
      DataType type,
      String text,
      Function<Column, Column> inexactWithin,
      boolean many) {
    Leaf within(Function<Column, Column> reach) {
      return new Leaf(path, type, text, holder -> inexactWithin.apply(reach.apply(holder)), many);
    }

    Leaf inAny(Function<Column, Column> elements) {
      return new Leaf(
          path, type, text, holder -> exists(elements.apply(holder), inexactWithin::apply), true);
    }
  }

  /**
   * Checks the values of {@code data}, at any depth, whose type differs from {@code target}'s.
   *
   * @throws ValueConversionException naming every field with values that do not convert exactly
   */
  static void check(Dataset<Row> data, StructType target, ProductDescriptor product) {
    Map<String, DataType> types = new HashMap<>();
    for (StructField field : data.schema().fields()) {
      types.put(field.name(), field.dataType());
    }
    List<Check> checks = new ArrayList<>();
    for (StructField field : target.fields()) {
      DataType from = types.get(field.name());
      if (from == null) {
        continue;
      }
      for (Leaf leaf : leaves(field.name(), from, field.dataType())) {
        checks.add(
            new Check(
                leaf.path(),
                leaf.type(),
                new Rule(leaf.inexactWithin().apply(col(field.name())), leaf.text()),
                leaf.many()));
      }
    }
    if (checks.isEmpty()) {
      return;
    }
    LOG.info(
        "{}: checking that the values of {} convert exactly to the contract's types",
        product.id(),
        checks.stream().map(Check::field).toList());
    List<Column> counts = new ArrayList<>();
    for (Check check : checks) {
      counts.add(sum(when(check.rule().inexact(), 1).otherwise(0)));
    }
    Row totals =
        data.agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new)).first();
    Optional<String> key = QualityCheck.keyField(product).filter(types::containsKey);
    List<String> fields = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    for (int index = 0; index < checks.size(); index++) {
      long inexact = totals.isNullAt(index) ? 0 : totals.getLong(index);
      if (inexact == 0) {
        continue;
      }
      Check check = checks.get(index);
      fields.add(check.field());
      StringBuilder line =
          new StringBuilder("field ")
              .append(check.field())
              .append(": ")
              .append(
                  check.many()
                      ? "values in " + inexact + (inexact == 1 ? " row do" : " rows do")
                      : inexact + (inexact == 1 ? " value does" : " values do"))
              .append(" not convert exactly to ")
              .append(name(check.type()))
              .append(" (")
              .append(check.rule().text())
              .append(")");
      if (key.isPresent()) {
        ExampleValues.Examples examples =
            ExampleValues.of(product, key.get()).from(data.filter(check.rule().inexact()), inexact);
        if (!examples.shown().isEmpty()) {
          line.append(", e.g. rows with ")
              .append(key.get())
              .append(" ")
              .append(String.join(", ", examples.shown()));
        }
        if (examples.withheld() > 0) {
          line.append("; ").append(examples.note());
        }
      }
      lines.add(line.toString());
    }
    if (!lines.isEmpty()) {
      throw new ValueConversionException(
          "Cannot publish "
              + product.id()
              + ": values its contract's types cannot hold as given are refused, not stored"
              + " changed; nothing was written:\n  "
              + String.join("\n  ", lines),
          fields);
    }
  }

  /**
   * The values of type {@code from}, at {@code path}, that the contract's type {@code to} would
   * change: the value itself if both are primitive, else those inside it, as the publish conforms
   * them ({@code Publisher.conform}).
   */
  private static List<Leaf> leaves(String path, DataType from, DataType to) {
    List<Leaf> leaves = new ArrayList<>();
    if (from.catalogString().equals(to.catalogString())) {
      return leaves;
    }
    if (from instanceof StructType fromStruct && to instanceof StructType toStruct) {
      for (StructField field : toStruct.fields()) {
        if (fromStruct.getFieldIndex(field.name()).isEmpty()) {
          continue;
        }
        DataType inner = fromStruct.apply(field.name()).dataType();
        for (Leaf leaf : leaves(path + "." + field.name(), inner, field.dataType())) {
          leaves.add(leaf.within(record -> record.getField(field.name())));
        }
      }
    } else if (from instanceof ArrayType fromArray && to instanceof ArrayType toArray) {
      for (Leaf leaf : leaves(path + "[]", fromArray.elementType(), toArray.elementType())) {
        leaves.add(leaf.inAny(list -> list));
      }
    } else if (from instanceof MapType fromMap && to instanceof MapType toMap) {
      for (Leaf leaf : leaves(path + "{key}", fromMap.keyType(), toMap.keyType())) {
        leaves.add(leaf.inAny(functions::map_keys));
      }
      for (Leaf leaf : leaves(path + "{}", fromMap.valueType(), toMap.valueType())) {
        leaves.add(leaf.inAny(functions::map_values));
      }
    } else {
      // The rule's text does not depend on the value; its test is built on each value it is given.
      rule(lit(null), from, to)
          .ifPresent(
              rule ->
                  leaves.add(
                      new Leaf(
                          path,
                          to,
                          rule.text(),
                          value ->
                              value.isNotNull().and(rule(value, from, to).orElseThrow().inexact()),
                          false)));
    }
    return leaves;
  }

  /** The rule for values of type {@code from} in a column of type {@code to}; empty: unchecked. */
  private static Optional<Rule> rule(Column value, DataType from, DataType to) {
    if (!isPrimitive(from) || !isPrimitive(to) || from instanceof NullType) {
      return Optional.empty();
    }
    if (to instanceof StringType) {
      return Optional.empty();
    }
    if (to instanceof TimestampType && !(from instanceof StringType)) {
      return Optional.of(
          new Rule(
              lit(true),
              (from instanceof NumericType
                      ? "a number is not an instant"
                      : "a "
                          + name(from)
                          + " has no offset: it would be read in the JVM's time zone")
                  + "; give an ISO-8601 date and time with its offset"));
    }
    if (to instanceof DateType && from instanceof TimestampType) {
      return Optional.of(new Rule(lit(true), "a timestamp's day depends on the time zone"));
    }
    if (to instanceof TimestampNTZType && from instanceof TimestampType) {
      return Optional.of(
          new Rule(lit(true), "a timestamp's local date and time depend on the time zone"));
    }
    if (!Cast.canTryCast(from, to)) {
      return Optional.of(new Rule(lit(true), "a " + name(from) + " is not a " + name(to)));
    }
    Column converted = value.try_cast(to);
    Column unconvertible = converted.isNull();
    Column text = trim(value);
    if (from instanceof NumericType && to instanceof NumericType) {
      return Optional.of(
          new Rule(
              unconvertible.or(not(converted.try_cast(from).eqNullSafe(value))),
              to instanceof DecimalType decimal
                  ? decimalRule(decimal)
                  : isWhole(to) ? "a whole number within its range" : "a number it holds exactly"));
    }
    if (from instanceof StringType && isWhole(to)) {
      return Optional.of(
          new Rule(
              unconvertible.or(not(matches(text, TextForms.WHOLE_NUMBER))),
              "whole-number digits within its range"));
    }
    if (from instanceof StringType && to instanceof DecimalType decimal) {
      DecimalType wide =
          DataTypes.createDecimalType(38, 38 - (decimal.precision() - decimal.scale()));
      return Optional.of(
          new Rule(
              unconvertible.or(not(converted.cast(wide).eqNullSafe(text.try_cast(wide)))),
              decimalRule(decimal)));
    }
    if (from instanceof StringType && to instanceof DateType) {
      return Optional.of(
          new Rule(unconvertible.or(not(matches(text, TextForms.DATE))), "a date as yyyy-mm-dd"));
    }
    if (from instanceof StringType && to instanceof TimestampType) {
      return Optional.of(
          new Rule(
              unconvertible
                  .or(not(matches(text, TextForms.INSTANT)))
                  .or(text.rlike(BELOW_MICROSECONDS)),
              "an ISO-8601 date and time with its offset, e.g. 2020-05-13T08:00:00Z, to the"
                  + " microsecond; one without an offset is not read in the JVM's time zone"));
    }
    if (from instanceof StringType && to instanceof TimestampNTZType) {
      return Optional.of(
          new Rule(
              unconvertible.or(not(matches(text, LOCAL_DATE_TIME))),
              "a date and time without offset, e.g. 2020-05-13T08:00:00"));
    }
    if (from instanceof TimestampNTZType && to instanceof DateType) {
      return Optional.of(
          new Rule(
              unconvertible.or(not(converted.try_cast(from).eqNullSafe(value))),
              "a time of day other than midnight would be lost"));
    }
    return Optional.of(new Rule(unconvertible, "a value that converts to it"));
  }

  private static String decimalRule(DecimalType decimal) {
    return "a number with at most "
        + decimal.scale()
        + " decimal places and "
        + (decimal.precision() - decimal.scale())
        + " digits before the point";
  }

  private static Column matches(Column text, String pattern) {
    return text.rlike(ContractPatterns.wholeText(pattern));
  }

  private static boolean isWhole(DataType type) {
    return type instanceof IntegerType
        || type instanceof LongType
        || type instanceof ShortType
        || type instanceof ByteType;
  }

  private static boolean isPrimitive(DataType type) {
    return !(type instanceof StructType || type instanceof ArrayType || type instanceof MapType);
  }

  /** A type as contracts name it: {@code long}, not Spark's {@code bigint}. */
  private static String name(DataType type) {
    if (type instanceof LongType) {
      return "long";
    }
    if (type instanceof TimestampType) {
      return "timestamp";
    }
    if (type instanceof TimestampNTZType) {
      return "timestamp without time zone";
    }
    return type.simpleString();
  }
}
