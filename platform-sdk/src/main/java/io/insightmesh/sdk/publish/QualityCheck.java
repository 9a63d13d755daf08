package io.insightmesh.sdk.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.insightmesh.contracts.spec.ContractSpec;
import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.contracts.spec.QualityRule;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Runs a product's quality rules on a staged snapshot with Spark: every row rule in one pass over
 * the data, then uniqueness, references and dataset rules. Failing rows are identified by the
 * product's key field only, and only by keys of its own form ({@link ExampleValues}); personal
 * values never appear in a report.
 */
public final class QualityCheck {
  /** Above this many repeated hashes, uniqueness groups every value instead of the few. */
  private static final int REPEATED_HASHES = 100_000;

  /**
   * Up to this many rows uniqueness sorts the values' hashes in the driver (8 bytes each: 256 MB at
   * most, within Spark's default 1 GB for collected results); above it Spark groups them.
   */
  static final long HASHES_SORTED_IN_DRIVER = 32_000_000L;

  static final String ROWS = "rows";
  private static final String RULE = "rule_";

  private final ProductDescriptor product;
  private final Function<QualityRule.References, Optional<Dataset<Row>>> referenced;
  private final Instant now;

  /**
   * @param referenced the released data of another product, for reference rules; empty when that
   *     product has no release
   */
  public QualityCheck(
      ProductDescriptor product,
      Function<QualityRule.References, Optional<Dataset<Row>>> referenced,
      Instant now) {
    this.product = product;
    this.referenced = referenced;
    this.now = now;
  }

  /**
   * Runs every rule on {@code data}: the row rules, the row count and the freshness rules in one
   * aggregation pass, the rules that need their own pass (uniqueness, references) after it.
   */
  public QualityReport run(Dataset<Row> data) {
    List<Column> aggregates = aggregates();
    Row row =
        data.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
            .first();
    Map<String, Object> totals = new LinkedHashMap<>();
    String[] names = row.schema().fieldNames();
    for (int index = 0; index < names.length; index++) {
      totals.put(names[index], row.isNullAt(index) ? null : row.get(index));
    }
    return run(data, totals);
  }

  /**
   * The aggregates {@link #run(Dataset, Map)} takes its row rules, row count and freshness from,
   * named: observed while the data is written ({@code Dataset.observe}), they spare the audit a
   * second pass over every column.
   */
  public List<Column> aggregates() {
    List<Column> aggregates = new ArrayList<>();
    aggregated().forEach((name, value) -> aggregates.add(value.alias(name)));
    return aggregates;
  }

  /** The aggregates by name: the row count, then per rule decided from one, by rule position. */
  private Map<String, Column> aggregated() {
    Map<String, Column> aggregates = new LinkedHashMap<>();
    aggregates.put(ROWS, count(lit(1)));
    List<QualityRule> rules = product.qualityRules();
    for (int index = 0; index < rules.size(); index++) {
      QualityRule rule = rules.get(index);
      Optional<Column> predicate = violation(rule);
      if (predicate.isPresent()) {
        aggregates.put(RULE + index, sum(when(predicate.get(), 1).otherwise(0)));
      } else if (rule instanceof QualityRule.Freshness freshness) {
        aggregates.put(RULE + index, max(col(freshness.column())));
      }
    }
    return aggregates;
  }

  /**
   * Runs every rule on {@code data}, taking the row rules, the row count and the freshness rules
   * from {@code totals}, the values of {@link #aggregates()} over that same data; only the rules
   * that need their own pass, and the examples of failing rows, read {@code data}.
   *
   * @throws IllegalArgumentException if {@code totals} lacks one of the aggregates
   */
  public QualityReport run(Dataset<Row> data, Map<String, Object> totals) {
    for (String name : aggregated().keySet()) {
      if (!totals.containsKey(name)) {
        throw new IllegalArgumentException(
            "Cannot audit " + product.id() + ": the totals lack the aggregate " + name);
      }
    }
    long rows = ((Number) totals.get(ROWS)).longValue();
    List<QualityRule> rules = product.qualityRules();
    List<QualityReport.RuleResult> ordered = new ArrayList<>();
    for (int index = 0; index < rules.size(); index++) {
      QualityRule rule = rules.get(index);
      Object total = totals.get(RULE + index);
      Optional<Column> predicate = violation(rule);
      if (predicate.isPresent()) {
        long failing = total == null ? 0 : ((Number) total).longValue();
        ordered.add(
            failing == 0
                ? result(rule, 0, List.of(), "every row passes")
                : failed(rule, failing, failing + " rows fail", data.filter(predicate.get())));
      } else if (rule instanceof QualityRule.Freshness freshness) {
        ordered.add(freshness(freshness, total, rows));
      } else {
        ordered.add(datasetRule(rule, data, rows));
      }
    }
    return new QualityReport(rows, ordered);
  }

  /** The predicate that marks a row violating {@code rule}, for rules decided row by row. */
  private Optional<Column> violation(QualityRule rule) {
    if (rule instanceof QualityRule.NotNull notNull) {
      return Optional.of(col(notNull.field()).isNull());
    }
    if (rule instanceof QualityRule.Range range) {
      Column value = col(range.field());
      Column outside = lit(false);
      if (range.min().isPresent()) {
        outside = outside.or(value.lt(lit(range.min().get())));
      }
      if (range.max().isPresent()) {
        outside = outside.or(value.gt(lit(range.max().get())));
      }
      return Optional.of(value.isNotNull().and(outside));
    }
    if (rule instanceof QualityRule.Regex regex) {
      Column value = col(regex.field());
      return Optional.of(
          value
              .isNotNull()
              .and(not(ContractPatterns.fullMatch(value.cast("string"), regex.pattern()))));
    }
    if (rule instanceof QualityRule.AllowedValues allowed) {
      Column value = col(allowed.field());
      return Optional.of(
          value.isNotNull().and(not(value.cast("string").isin(allowed.values().toArray()))));
    }
    return Optional.empty();
  }

  private QualityReport.RuleResult datasetRule(QualityRule rule, Dataset<Row> data, long rows) {
    if (rule instanceof QualityRule.Unique unique) {
      Dataset<Row> duplicates = duplicates(data, unique.field(), rows);
      long failing = duplicates.count();
      if (failing == 0) {
        return result(rule, 0, List.of(), "no duplicates");
      }
      // The examples are the repeated values themselves, held to their own field's rules.
      ExampleValues.Examples examples =
          ExampleValues.of(product, unique.field()).from(duplicates, failing);
      return result(
          rule,
          failing,
          examples.shown(),
          noted(failing + " values occur more than once", examples));
    }
    if (rule instanceof QualityRule.References references) {
      Optional<Dataset<Row>> target = referenced.apply(references);
      // The rule is about the values present (nulls reference nothing): with none it holds before
      // the other product's first release too, and each one present cannot be found.
      Dataset<Row> present = data.filter(col(references.field()).isNotNull());
      // No distinct over the referenced values: an anti join asks only whether a match exists,
      // and a shuffled hash join keeps one entry per key in its table (Spark ignores repeated
      // keys for semi and anti joins), where a sort-merge join would sort both sides and the
      // distinct would aggregate values that barely repeat within a task (claims by claimant).
      Dataset<Row> dangling =
          target
              .map(
                  released ->
                      present.join(
                          released
                              .select(col(references.referencedField()).alias("__ref"))
                              .hint("shuffle_hash"),
                          col(references.field()).equalTo(col("__ref")),
                          "left_anti"))
              .orElse(present);
      long failing = dangling.count();
      String detail;
      if (target.isPresent()) {
        detail =
            failing == 0
                ? "every value exists in " + references.product()
                : failing + " rows reference values missing from " + references.product();
      } else {
        detail =
            failing == 0
                ? "no value to check; " + references.product() + " has no release yet"
                : failing
                    + " rows reference "
                    + references.product()
                    + ", which has no release to check them against";
      }
      return failing == 0
          ? result(rule, 0, List.of(), detail)
          : failed(rule, failing, detail, dangling);
    }
    if (rule instanceof QualityRule.RowCount bounds) {
      boolean passed =
          bounds.min().map(min -> rows >= min).orElse(true)
              && bounds.max().map(maximum -> rows <= maximum).orElse(true);
      return new QualityReport.RuleResult(
          rule.name(),
          passed,
          passed ? 0 : rows,
          List.of(),
          rows
              + " rows, expected "
              + bounds.min().map(min -> ">= " + min).orElse("")
              + (bounds.min().isPresent() && bounds.max().isPresent() ? " and " : "")
              + bounds.max().map(maximum -> "<= " + maximum).orElse(""));
    }
    throw new IllegalStateException("Unhandled rule " + rule);
  }

  /**
   * The values of {@code field} that occur more than once, with their counts. Grouping millions of
   * distinct texts (claim ids) moves and hashes every one of them; their 64-bit hashes group
   * cheaply, and a value can only repeat where its hash does. So the hashes that repeat are found
   * first, and only the rows with one of those are grouped by value, which tells a real duplicate
   * from two values that share a hash. When nothing repeats, as when the rule holds, the values are
   * never grouped at all.
   */
  private static Dataset<Row> duplicates(Dataset<Row> data, String field, long rows) {
    Column value = col(field);
    Dataset<Row> present = data.select(value).filter(value.isNotNull());
    Column hash = xxhash64(value);
    List<Object> repeatedHashes =
        rows <= HASHES_SORTED_IN_DRIVER
            ? repeatedSorted(present.select(hash))
            : present
                .groupBy(hash.alias("hash"))
                .count()
                .filter(col("count").gt(1))
                .select(col("hash"))
                .limit(REPEATED_HASHES + 1)
                .collectAsList()
                .stream()
                .map(row -> row.get(0))
                .toList();
    Dataset<Row> candidates;
    if (repeatedHashes.isEmpty()) {
      // Spark answers a zero limit without reading anything.
      candidates = present.limit(0);
    } else if (repeatedHashes.size() > REPEATED_HASHES) {
      candidates = present;
    } else {
      candidates = present.filter(hash.isin(repeatedHashes.toArray()));
    }
    return candidates.groupBy(value).count().filter(col("count").gt(1));
  }

  /**
   * The hashes that occur more than once (at most {@link #REPEATED_HASHES} + 1 of them), found by
   * sorting them all in the driver: one pass over the column, each task packing its hashes into one
   * array, instead of Spark's aggregation, which shuffles a row per distinct hash (nearly every
   * row, when the rule holds) and builds a hash table of them on each side.
   */
  private static List<Object> repeatedSorted(Dataset<Row> hashes) {
    List<byte[]> packed =
        hashes
            .as(Encoders.LONG())
            .mapPartitions(
                (MapPartitionsFunction<Long, byte[]>) QualityCheck::packed, Encoders.BINARY())
            .collectAsList();
    int count = 0;
    for (byte[] part : packed) {
      count += part.length / Long.BYTES;
    }
    long[] sorted = new long[count];
    int filled = 0;
    for (byte[] part : packed) {
      LongBuffer longs = ByteBuffer.wrap(part).asLongBuffer();
      int length = longs.remaining();
      longs.get(sorted, filled, length);
      filled += length;
    }
    Arrays.parallelSort(sorted);
    List<Object> repeated = new ArrayList<>();
    for (int i = 1; i < sorted.length && repeated.size() <= REPEATED_HASHES; i++) {
      if (sorted[i] == sorted[i - 1] && (i == 1 || sorted[i - 1] != sorted[i - 2])) {
        repeated.add(sorted[i]);
      }
    }
    return repeated;
  }

  /** A task's hashes as one array of big-endian longs. */
  private static Iterator<byte[]> packed(Iterator<Long> hashes) {
    long[] buffer = new long[1 << 16];
    int size = 0;
    while (hashes.hasNext()) {
      if (size == buffer.length) {
        buffer = Arrays.copyOf(buffer, size * 2);
      }
      buffer[size++] = hashes.next();
    }
    ByteBuffer bytes = ByteBuffer.allocate(size * Long.BYTES);
    bytes.asLongBuffer().put(buffer, 0, size);
    return List.of(bytes.array()).iterator();
  }

  private QualityReport.RuleResult freshness(
      QualityRule.Freshness freshness, Object newest, long rows) {
    if (newest == null) {
      return new QualityReport.RuleResult(
          freshness.name(),
          false,
          rows,
          List.of(),
          "no value of " + freshness.column() + " at all");
    }
    return QualityReport.RuleResult.freshness(freshness, instant(newest), now);
  }

  private QualityReport.RuleResult result(
      QualityRule rule, long failing, List<String> examples, String detail) {
    return new QualityReport.RuleResult(rule.name(), failing == 0, failing, examples, detail);
  }

  /**
   * A failed rule's result, with the key values of a few of its {@code failing} rows when the
   * product has a key that is not personal data and they have the key's form ({@link
   * ExampleValues}).
   */
  private QualityReport.RuleResult failed(
      QualityRule rule, long failing, String detail, Dataset<Row> rows) {
    Optional<String> key = keyField();
    if (key.isEmpty()) {
      return result(rule, failing, List.of(), detail);
    }
    ExampleValues.Examples examples = ExampleValues.of(product, key.get()).from(rows, failing);
    return result(rule, failing, examples.shown(), noted(detail, examples));
  }

  /** {@code detail} with how many examples were withheld, and why, when some were. */
  private static String noted(String detail, ExampleValues.Examples examples) {
    return examples.withheld() == 0 ? detail : detail + " (" + examples.note() + ")";
  }

  /** The first unique, non-personal field: what identifies a row in reports. */
  Optional<String> keyField() {
    return keyField(product);
  }

  /** The first unique, non-personal field of {@code product}: what identifies a row in reports. */
  static Optional<String> keyField(ProductDescriptor product) {
    return product.qualityRules().stream()
        .filter(rule -> rule instanceof QualityRule.Unique)
        .map(rule -> ((QualityRule.Unique) rule).field())
        .filter(field -> !isPersonal(product, field))
        .findFirst();
  }

  private static boolean isPersonal(ProductDescriptor product, String field) {
    Set<String> personal = ContractSpec.piiTags(product.contract()).keySet();
    return personal.contains(field);
  }

  private static Instant instant(Object value) {
    if (value instanceof Timestamp timestamp) {
      return timestamp.toInstant();
    }
    if (value instanceof Instant instant) {
      return instant;
    }
    if (value instanceof java.time.LocalDateTime local) {
      return local.toInstant(java.time.ZoneOffset.UTC);
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate().atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    }
    throw new IllegalStateException("Freshness needs a timestamp column, got " + value.getClass());
  }
}
