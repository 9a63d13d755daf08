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

  private static QualityRule rule(Schema.Field field, JsonNode rule) {
    String name = field.name();
    String kind = rule.path("rule").asText("");
    return switch (kind) {
      case "not-null" -> new QualityRule.NotNull(name);
      case "unique" -> new QualityRule.Unique(name);
      case "range" ->
          new QualityRule.Range(name, decimal(rule.get("min")), decimal(rule.get("max")));
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

  private static Optional<BigDecimal> decimal(JsonNode value) {
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.decimalValue());
  }

  private static InvalidContractException invalid(Schema.Field field, String rule) {
    return new InvalidContractException(
        "Invalid quality rule on field " + field.name() + ": " + rule);
  }
}
