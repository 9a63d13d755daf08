package io.insightmesh.decisions.table;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insightmesh.contracts.spec.QualityRule;
import io.insightmesh.decisions.compact.ClaimRecords;
import io.insightmesh.sdk.publish.QualityReport;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.iceberg.data.Record;

/**
 * The decisions contract's quality rules evaluated on the decisions a data-only release adds (the
 * delta since the previous release), in one pass in the engine, without Spark. Row rules count
 * failing rows; {@code unique} is judged within the delta (the engine answers a resubmitted claim
 * with its first decision, so a duplicate across releases cannot be written either); {@code
 * rowCount} is judged on the whole release; {@code freshness} on the newest decision in the delta.
 * {@code references} rules are not evaluated here — see {@link #SKIPPED} — and are listed as such
 * in the recorded results, not dropped. Failing rows are named by {@code claim_id} only.
 */
final class ReleaseQuality implements AutoCloseable {
  /** Recorded beside the SDK's report fields: rules the engine does not evaluate, and why. */
  static final String SKIPPED = "notEvaluated";

  private static final int EXAMPLES = 5;

  private final List<QualityRule> rules;
  private final String keyField;
  private final Map<QualityRule, Tally> tallies = new LinkedHashMap<>();
  private final Map<QualityRule, SeenValues> seen = new HashMap<>();
  private final Map<QualityRule, Pattern> patterns = new HashMap<>();
  private Instant newest;
  private long rows;

  ReleaseQuality(List<QualityRule> rules, String keyField) {
    this.rules = List.copyOf(rules);
    this.keyField = requireNonNull(keyField, "keyField is null");
    for (QualityRule rule : this.rules) {
      tallies.put(rule, new Tally());
      if (rule instanceof QualityRule.Unique) {
        seen.put(rule, new SeenValues());
      }
      if (rule instanceof QualityRule.Regex regex) {
        patterns.put(rule, Pattern.compile(regex.pattern()));
      }
    }
  }

  /**
   * The columns the rules read, and the key that names failing rows: an audit reads these alone,
   * not the decisions' reasons and features.
   */
  Set<String> columns() {
    Set<String> columns = new java.util.LinkedHashSet<>();
    columns.add(keyField);
    for (QualityRule rule : rules) {
      if (rule instanceof QualityRule.NotNull notNull) {
        columns.add(notNull.field());
      } else if (rule instanceof QualityRule.Unique unique) {
        columns.add(unique.field());
      } else if (rule instanceof QualityRule.Range range) {
        columns.add(range.field());
      } else if (rule instanceof QualityRule.Regex regex) {
        columns.add(regex.field());
      } else if (rule instanceof QualityRule.AllowedValues allowed) {
        columns.add(allowed.field());
      } else if (rule instanceof QualityRule.Freshness freshness) {
        columns.add(freshness.column());
      }
    }
    return columns;
  }

  /** Counts one decision of the delta. */
  void add(Record row) {
    rows++;
    for (QualityRule rule : rules) {
      if (fails(rule, row)) {
        Tally tally = tallies.get(rule);
        tally.failing++;
        if (tally.examples.size() < EXAMPLES) {
          tally.examples.add(String.valueOf(row.getField(keyField)));
        }
      }
      if (rule instanceof QualityRule.Freshness freshness) {
        Object value = row.getField(freshness.column());
        if (value instanceof OffsetDateTime at) {
          Instant instant = at.toInstant();
          newest = newest == null || instant.isAfter(newest) ? instant : newest;
        }
      }
    }
  }

  private boolean fails(QualityRule rule, Record row) {
    if (rule instanceof QualityRule.NotNull notNull) {
      return row.getField(notNull.field()) == null;
    }
    if (rule instanceof QualityRule.Unique unique) {
      Object value = row.getField(unique.field());
      return value != null && !seen.get(rule).add(value);
    }
    if (rule instanceof QualityRule.Range range) {
      Object value = row.getField(range.field());
      if (!(value instanceof Number number)) {
        return false;
      }
      BigDecimal decimal = new BigDecimal(number.toString());
      return range.min().map(min -> decimal.compareTo(min) < 0).orElse(false)
          || range.max().map(max -> decimal.compareTo(max) > 0).orElse(false);
    }
    if (rule instanceof QualityRule.Regex) {
      Object value = row.getField(((QualityRule.Regex) rule).field());
      return value != null && !patterns.get(rule).matcher(value.toString()).matches();
    }
    if (rule instanceof QualityRule.AllowedValues allowed) {
      Object value = row.getField(allowed.field());
      return value != null && !allowed.values().contains(value.toString());
    }
    return false;
  }

  /**
   * The report: {@link QualityReport#rowCount()} is the delta's rows; the JSON is the SDK's shape
   * plus {@value #SKIPPED}.
   *
   * @param releaseRows every row of the release, for {@code rowCount} rules
   * @param now the time freshness is judged at
   */
  Result result(long releaseRows, Instant now) {
    List<QualityReport.RuleResult> results = new ArrayList<>();
    List<QualityRule.References> skipped = new ArrayList<>();
    for (QualityRule rule : rules) {
      Tally tally = tallies.get(rule);
      if (rule instanceof QualityRule.References references) {
        skipped.add(references);
      } else if (rule instanceof QualityRule.RowCount bounds) {
        boolean passed =
            bounds.min().map(min -> releaseRows >= min).orElse(true)
                && bounds.max().map(max -> releaseRows <= max).orElse(true);
        results.add(
            new QualityReport.RuleResult(
                rule.name(),
                passed,
                passed ? 0 : releaseRows,
                List.of(),
                releaseRows
                    + " rows in the release, expected "
                    + bounds.min().map(min -> ">= " + min).orElse("")
                    + (bounds.min().isPresent() && bounds.max().isPresent() ? " and " : "")
                    + bounds.max().map(max -> "<= " + max).orElse("")));
      } else if (rule instanceof QualityRule.Freshness freshness) {
        if (newest == null) {
          results.add(
              new QualityReport.RuleResult(
                  rule.name(),
                  false,
                  rows,
                  List.of(),
                  "no value of " + freshness.column() + " among the release's new decisions"));
        } else {
          results.add(QualityReport.RuleResult.freshness(freshness, newest, now));
        }
      } else {
        String scope =
            rule instanceof QualityRule.Unique
                ? (tally.failing == 0
                    ? "no duplicates among the release's new decisions"
                    : tally.failing + " duplicates among the release's new decisions")
                : (tally.failing == 0
                    ? "every new decision passes"
                    : tally.failing + " new decisions fail");
        results.add(
            new QualityReport.RuleResult(
                rule.name(), tally.failing == 0, tally.failing, tally.examples, scope));
      }
    }
    QualityReport report = new QualityReport(rows, results);
    ObjectNode json = report.json();
    ArrayNode notEvaluated = json.putArray(SKIPPED);
    for (QualityRule.References references : skipped) {
      ObjectNode entry = notEvaluated.addObject();
      entry.put("rule", references.name());
      entry.put(
          "detail",
          "not evaluated by the scoring engine: claims reach it over HTTP before "
              + references.product()
              + " publishes them, so the rule would fail for every claim not yet published");
    }
    return new Result(report, json);
  }

  /** Gives back the memory of the values seen, off the heap (see {@link SeenValues}). */
  @Override
  public void close() {
    for (SeenValues values : seen.values()) {
      values.text.close();
    }
  }

  /**
   * A release's quality.
   *
   * @param report the evaluated rules, as the SDK reports them (lineage assertions come from it)
   * @param json what is recorded with the release and kept on the table
   */
  record Result(QualityReport report, ObjectNode json) {
    Result {
      requireNonNull(report, "report is null");
      requireNonNull(json, "json is null");
    }
  }

  /**
   * The values of a {@code unique} rule's column seen so far in the delta. Text (the claim ids) is
   * kept in a {@link ClaimRecords}, a few large arrays; anything else in a set.
   *
   * <p><b>Why.</b> An audit reads up to {@code release-max-decisions} rows (100,000 by default,
   * every 20-30 s when the engine is busy) on the releaser's thread, for seconds. As a {@code
   * HashSet} of strings, each claim id cost three objects (the string, its bytes, the set's node)
   * that lived for the whole audit: the engine's young pauses found them alive and copied them. Its
   * chunks are off the heap, given back for reuse when the audit ends ({@link #close()}).
   */
  private static final class SeenValues {
    private final ClaimRecords text = new ClaimRecords();
    private final Set<Object> other = new HashSet<>();

    /** Whether {@code value} is new to the delta. */
    boolean add(Object value) {
      if (value instanceof CharSequence chars) {
        return text.addKey(chars.toString()) >= 0;
      }
      return other.add(value);
    }
  }

  private static final class Tally {
    private long failing;
    private final List<String> examples = new ArrayList<>();
  }
}
