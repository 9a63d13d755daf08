package io.insightmesh.sdk.publish;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Input values would not be stored as given: their contract type cannot hold them exactly (a
 * rounded decimal, a truncated whole number, a date read from a year alone, a timestamp without an
 * offset) or at all. Nothing was written. The message names each field, the rule and a few rows by
 * the product's key, never a value.
 */
public class ValueConversionException extends PublishException {
  private final List<String> fields;

  public ValueConversionException(String message, List<String> fields) {
    super(message);
    this.fields = List.copyOf(requireNonNull(fields, "fields is null"));
  }

  /** The fields holding such values, in contract order. */
  public List<String> fields() {
    return fields;
  }
}
