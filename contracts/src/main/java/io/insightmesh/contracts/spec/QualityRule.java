package io.insightmesh.contracts.spec;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A check a product's data must pass before a release is published: field rules from the Avro
 * contract's {@code quality} property, dataset rules from the product descriptor.
 */
public sealed interface QualityRule {
  /** A stable name for reports: {@code not-null(claim_id)}, {@code row-count}. */
  String name();

  /** The field must never be null. */
  record NotNull(String field) implements QualityRule {
    public NotNull {
      requireNonNull(field, "field is null");
    }

    @Override
    public String name() {
      return "not-null(" + field + ")";
    }
  }

  /** No two rows share a value of the field. */
  record Unique(String field) implements QualityRule {
    public Unique {
      requireNonNull(field, "field is null");
    }

    @Override
    public String name() {
      return "unique(" + field + ")";
    }
  }

  /** Non-null values lie within [min, max] (either bound optional). */
  record Range(String field, Optional<BigDecimal> min, Optional<BigDecimal> max)
      implements QualityRule {
    public Range {
      requireNonNull(field, "field is null");
      requireNonNull(min, "min is null");
      requireNonNull(max, "max is null");
    }

    @Override
    public String name() {
      return "range(" + field + ")";
    }
  }

  /** Non-null values match the regular expression in full. */
  record Regex(String field, String pattern) implements QualityRule {
    public Regex {
      requireNonNull(field, "field is null");
      requireNonNull(pattern, "pattern is null");
    }

    @Override
    public String name() {
      return "regex(" + field + ")";
    }
  }

  /** Non-null values are one of a fixed set. */
  record AllowedValues(String field, List<String> values) implements QualityRule {
    public AllowedValues {
      requireNonNull(field, "field is null");
      values = List.copyOf(values);
    }

    @Override
    public String name() {
      return "allowed-values(" + field + ")";
    }
  }

  /** Every non-null value exists in a field of another product's latest release. */
  record References(String field, String product, String referencedField) implements QualityRule {
    public References {
      requireNonNull(field, "field is null");
      requireNonNull(product, "product is null");
      requireNonNull(referencedField, "referencedField is null");
    }

    @Override
    public String name() {
      return "references(" + field + " -> " + product + "." + referencedField + ")";
    }
  }

  /** The release holds between min and max rows (either bound optional). */
  record RowCount(Optional<Long> min, Optional<Long> max) implements QualityRule {
    public RowCount {
      requireNonNull(min, "min is null");
      requireNonNull(max, "max is null");
    }

    @Override
    public String name() {
      return "row-count";
    }
  }

  /** The newest value of a timestamp column is no older than maxAge at publish time. */
  record Freshness(String column, Duration maxAge) implements QualityRule {
    public Freshness {
      requireNonNull(column, "column is null");
      requireNonNull(maxAge, "maxAge is null");
    }

    @Override
    public String name() {
      return "freshness(" + column + ")";
    }
  }
}
