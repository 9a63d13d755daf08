package io.insightmesh.sdk.publish;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insightmesh.contracts.spec.QualityRule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a release's quality rules: per rule, pass or fail with counts and example keys.
 */
public record QualityReport(long rowCount, List<RuleResult> results) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One rule's outcome. Examples are values of the product's key field (never of a personal field)
   * of a few failing rows.
   */
  public record RuleResult(
      String rule, boolean passed, long failing, List<String> examples, String detail) {
    public RuleResult {
      requireNonNull(rule, "rule is null");
      examples = List.copyOf(examples);
      requireNonNull(detail, "detail is null");
    }

    /**
     * The outcome of a freshness rule whose newest value is {@code newest}, judged at {@code now}:
     * one failing "row" when it is older than the rule allows.
     */
    public static RuleResult freshness(QualityRule.Freshness rule, Instant newest, Instant now) {
      // A pipeline stamps its rows after the check read its clock: such rows are new, not from
      // the future.
      Duration age = Duration.between(newest, now);
      if (age.isNegative()) {
        age = Duration.ZERO;
      }
      boolean passed = age.compareTo(rule.maxAge()) <= 0;
      return new RuleResult(
          rule.name(),
          passed,
          passed ? 0 : 1,
          List.of(),
          "newest "
              + rule.column()
              + " is "
              + newest
              + ", "
              + age
              + " old, limit "
              + rule.maxAge());
    }
  }

  public QualityReport {
    results = List.copyOf(results);
  }

  public boolean passed() {
    return results.stream().allMatch(RuleResult::passed);
  }

  public List<RuleResult> failures() {
    return results.stream().filter(result -> !result.passed()).toList();
  }

  /** A report a person reads: one line per rule, failures first. */
  public String text() {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT,
            "quality: %s (%d of %d rules passed, %,d rows)%n",
            passed() ? "PASSED" : "FAILED",
            results.size() - failures().size(),
            results.size(),
            rowCount));
    results.stream()
        .sorted((a, b) -> Boolean.compare(a.passed(), b.passed()))
        .forEach(
            result ->
                text.append(
                    String.format(
                        Locale.ROOT,
                        "  %s %s: %s%s%n",
                        result.passed() ? "ok  " : "FAIL",
                        result.rule(),
                        result.detail(),
                        result.examples().isEmpty()
                            ? ""
                            : " e.g. " + String.join(", ", result.examples()))));
    return text.toString();
  }

  /**
   * Reads a report written by {@link #json()}; {@code rows} stands in for a missing row count.
   *
   * @throws IllegalArgumentException if the text is not such a report
   */
  public static QualityReport fromJson(String json, long rows) {
    com.fasterxml.jackson.databind.JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("Invalid quality report: " + e.getOriginalMessage(), e);
    }
    List<RuleResult> results = new java.util.ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode rule : node.path("rules")) {
      List<String> examples = new java.util.ArrayList<>();
      rule.path("exampleKeys").forEach(key -> examples.add(key.asText()));
      results.add(
          new RuleResult(
              rule.path("rule").asText(),
              rule.path("passed").asBoolean(),
              rule.path("failing").asLong(),
              examples,
              rule.path("detail").asText()));
    }
    return new QualityReport(node.path("rowCount").asLong(rows), results);
  }

  /** The report as recorded with the release and in lineage. */
  public ObjectNode json() {
    ObjectNode root = JSON.createObjectNode();
    root.put("passed", passed());
    root.put("rowCount", rowCount);
    ArrayNode rules = root.putArray("rules");
    for (RuleResult result : results) {
      ObjectNode rule = rules.addObject();
      rule.put("rule", result.rule());
      rule.put("passed", result.passed());
      rule.put("failing", result.failing());
      rule.put("detail", result.detail());
      result.examples().forEach(rule.putArray("exampleKeys")::add);
    }
    return root;
  }
}
