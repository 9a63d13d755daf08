package io.insightmesh.products.claims.generate;

import com.fasterxml.jackson.databind.JsonNode;
import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.contracts.spec.ProductDescriptors;
import io.insightmesh.contracts.spec.QualityRule;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * A landing record checked against the claims contract as the product descriptor ships it: the
 * contract's types and its row-level quality rules (not-null, regex, allowed values, range).
 */
final class ContractCheck {
  private static final Pattern TIMESTAMP =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");

  private final Schema contract;
  private final List<QualityRule> rules;
  private final Set<String> fields = new HashSet<>();

  ContractCheck() {
    ProductDescriptor claims = ProductDescriptors.builtIn("claims.claims");
    this.contract = claims.contract();
    this.rules = claims.qualityRules();
    contract.getFields().forEach(field -> fields.add(field.name()));
  }

  List<QualityRule> rules() {
    return rules;
  }

  /** The fields the record breaks a rule on, as "field: rule"; empty when the record is valid. */
  List<String> violations(JsonNode record) {
    List<String> found = new ArrayList<>();
    for (Iterator<String> names = record.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        found.add(name + ": not in the contract");
      }
    }
    for (Schema.Field field : contract.getFields()) {
      JsonNode value = record.get(field.name());
      boolean absent = value == null || value.isNull();
      Schema type = field.schema();
      if (type.getType() == Schema.Type.UNION) {
        type =
            type.getTypes().stream()
                .filter(t -> t.getType() != Schema.Type.NULL)
                .findFirst()
                .orElseThrow();
      } else if (absent) {
        found.add(field.name() + ": missing");
      }
      if (!absent && !typed(type, value)) {
        found.add(field.name() + ": not a valid " + type.getType());
      }
    }
    for (QualityRule rule : rules) {
      if (rule instanceof QualityRule.NotNull notNull) {
        JsonNode value = record.get(notNull.field());
        if (value == null || value.isNull()) {
          found.add(notNull.field() + ": not-null");
        }
      } else if (rule instanceof QualityRule.Regex regex) {
        JsonNode value = record.get(regex.field());
        if (value != null && !value.isNull() && !value.asText().matches(regex.pattern())) {
          found.add(regex.field() + ": regex");
        }
      } else if (rule instanceof QualityRule.AllowedValues allowed) {
        JsonNode value = record.get(allowed.field());
        if (value != null && !value.isNull() && !allowed.values().contains(value.asText())) {
          found.add(allowed.field() + ": allowed-values");
        }
      } else if (rule instanceof QualityRule.Range range) {
        JsonNode value = record.get(range.field());
        if (value != null && value.isNumber()) {
          BigDecimal number = value.decimalValue();
          if (range.min().map(min -> number.compareTo(min) < 0).orElse(false)
              || range.max().map(max -> number.compareTo(max) > 0).orElse(false)) {
            found.add(range.field() + ": range");
          }
        }
      }
    }
    return found;
  }

  private static boolean typed(Schema type, JsonNode value) {
    if (type.getLogicalType() instanceof LogicalTypes.TimestampMicros) {
      if (!value.isTextual() || !TIMESTAMP.matcher(value.asText()).matches()) {
        return false;
      }
      try {
        Instant.parse(value.asText());
        return true;
      } catch (DateTimeParseException e) {
        return false;
      }
    }
    if (type.getLogicalType() instanceof LogicalTypes.Date) {
      try {
        LocalDate.parse(value.asText());
        return value.isTextual();
      } catch (DateTimeParseException e) {
        return false;
      }
    }
    if (type.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
      return value.isNumber() && value.decimalValue().scale() == decimal.getScale();
    }
    return switch (type.getType()) {
      case INT -> value.isInt();
      case STRING, ENUM -> value.isTextual();
      default -> true;
    };
  }
}
