package io.insightmesh.contracts.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.avro.Schema;

/** Reads the field-level quality rules of a contract's top-level fields. */
public final class QualityRules {
  private static final ObjectMapper JSON = new ObjectMapper();

  private QualityRules() {}

  /**
   * The rules of every top-level field, in field order.
   *
   * @throws InvalidContractException naming the field if a rule is malformed or unknown
   */
  public static List<QualityRule> fieldRules(Schema contract) {
    List<QualityRule> rules = new ArrayList<>();
    for (Schema.Field field : contract.getFields()) {
      Object quality = field.getObjectProp("quality");
      if (quality == null) {
        continue;
      }
      JsonNode list = JSON.valueToTree(quality);
      if (!list.isArray()) {
        throw invalid(field, "quality must be a list of rules");
      }
      for (JsonNode rule : list) {
        rules.add(rule(field, rule));
      }
    }
    return rules;
  }

  /** Per rule, the keys it takes besides {@code rule}: any other is a typo that weakens it. */
  private static final java.util.Map<String, java.util.Set<String>> KEYS =
      java.util.Map.of(
          "not-null", java.util.Set.of(),
          "unique", java.util.Set.of(),
          "range", java.util.Set.of("min", "max"),
          "regex", java.util.Set.of("pattern"),
          "allowed-values", java.util.Set.of("values"),
          "references", java.util.Set.of("product", "field"));

  private static QualityRule rule(Schema.Field field, JsonNode rule) {
    String name = field.name();
    String kind = rule.path("rule").asText("");
    java.util.Set<String> keys = KEYS.get(kind);
    if (keys != null) {
      for (java.util.Iterator<String> it = rule.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!key.equals("rule") && !keys.contains(key)) {
          throw invalid(
              field,
              "a "
                  + kind
                  + " rule has no '"
                  + key
                  + "'"
                  + (keys.isEmpty()
                      ? ""
                      : "; it takes " + String.join(", ", new java.util.TreeSet<>(keys))));
        }
      }
    }
    return switch (kind) {
      case "not-null" -> new QualityRule.NotNull(name);
      case "unique" -> new QualityRule.Unique(name);
      case "range" -> range(field, rule);
      case "regex" -> {
        String pattern = rule.path("pattern").asText(null);
        if (pattern == null) {
          throw invalid(field, "a regex rule needs a pattern");
        }
        try {
          Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
          throw invalid(field, "the regex pattern does not compile: " + e.getDescription());
        }
        yield new QualityRule.Regex(name, pattern);
      }
      case "allowed-values" -> {
        List<String> values = new ArrayList<>();
        rule.path("values").forEach(value -> values.add(value.asText()));
        if (values.isEmpty()) {
          throw invalid(field, "an allowed-values rule needs values");
        }
        yield new QualityRule.AllowedValues(name, values);
      }
      case "references" -> {
        String product = rule.path("product").asText(null);
        String referenced = rule.path("field").asText(null);
        if (product == null || referenced == null) {
          throw invalid(field, "a references rule needs product and field");
        }
        yield new QualityRule.References(name, product, referenced);
      }
      default ->
          throw invalid(
              field,
              "unknown quality rule '"
                  + kind
                  + "'; known rules are not-null, unique, range, regex, allowed-values,"
                  + " references");
    };
  }

  private static QualityRule.Range range(Schema.Field field, JsonNode rule) {
    Optional<BigDecimal> min = decimal(field, "min", rule.get("min"));
    Optional<BigDecimal> max = decimal(field, "max", rule.get("max"));
    if (min.isEmpty() && max.isEmpty()) {
      throw invalid(field, "a range rule needs min, max or both");
    }
    if (min.isPresent() && max.isPresent() && min.get().compareTo(max.get()) > 0) {
      throw invalid(field, "a range rule's min must not be above its max");
    }
    return new QualityRule.Range(field.name(), min, max);
  }

  /** A bound as written: a JSON number, which a quoted one is not (it read as 0). */
  private static Optional<BigDecimal> decimal(Schema.Field field, String key, JsonNode value) {
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isNumber()) {
      throw invalid(field, "a range rule's " + key + " must be a number");
    }
    return Optional.of(value.decimalValue());
  }

  private static InvalidContractException invalid(Schema.Field field, String rule) {
    return new InvalidContractException(
        "Invalid quality rule on field " + field.name() + ": " + rule);
  }
}
