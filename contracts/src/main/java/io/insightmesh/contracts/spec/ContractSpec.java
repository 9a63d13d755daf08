package io.insightmesh.contracts.spec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;

/**
 * What makes an Avro schema a platform contract (DESIGN.md §4): a record whose every field has a
 * {@code doc}; personal fields carry a {@code pii} tag from {@link #PII_TAGS} and a {@code mask}
 * strategy from {@link #MASKS}; nothing else may carry a mask. Contracts are parsed, never compiled
 * into code, when they arrive at run time.
 */
public final class ContractSpec {
  /** The kinds of personal data a field can hold. */
  public static final Set<String> PII_TAGS =
      Set.of(
          "nino",
          "utr",
          "name",
          "dob",
          "address",
          "postcode",
          "bank_account",
          "contact",
          "ip",
          "device");

  /** How a personal field is shown to principals who may not see it in clear. */
  public static final Set<String> MASKS =
      Set.of("redact", "hash", "last4", "partial", "year", "network", "district");

  /** Contracts larger than this are refused before parsing. */
  public static final int MAX_LENGTH = 1 << 20;

  private ContractSpec() {}

  /**
   * Parses and checks a contract.
   *
   * @param source names the contract in error messages (a file or a product id)
   * @throws InvalidContractException naming the source, the field and the rule broken
   */
  public static Schema parse(String json, String source) {
    return parse(json, source, true);
  }

  /**
   * Parses and checks a contract the catalog already holds, which earlier rules let in: a quality
   * rule on a nested field (refused for new contracts since 2026-12-05; it never ran) is let
   * through, so a product registered with one can still be released and compared.
   *
   * @throws InvalidContractException naming the source, the field and the rule broken
   */
  public static Schema parseRegistered(String json, String source) {
    return parse(json, source, false);
  }

  private static Schema parse(String json, String source, boolean nestedRulesRefused) {
    if (json == null || json.isBlank()) {
      throw new InvalidContractException("Invalid contract " + source + ": it is empty");
    }
    if (json.length() > MAX_LENGTH) {
      throw new InvalidContractException(
          "Invalid contract " + source + ": larger than " + MAX_LENGTH + " characters");
    }
    Schema schema;
    try {
      schema = new Schema.Parser().setValidateDefaults(true).parse(json);
    } catch (AvroRuntimeException e) {
      throw new InvalidContractException(
          "Invalid contract " + source + ": not a valid Avro schema: " + e.getMessage(), e);
    }
    if (schema.getType() != Schema.Type.RECORD) {
      throw new InvalidContractException(
          "Invalid contract " + source + ": must be an Avro record, not " + schema.getType());
    }
    check(schema, "", source, new java.util.HashSet<>(), nestedRulesRefused);
    if (nestedRulesRefused) {
      // The rules every publish runs: a rule no publish could run is refused where the contract
      // arrives (a file, the catalog's API), not at the product's first release.
      try {
        QualityRules.fieldRules(schema);
      } catch (InvalidContractException e) {
        throw new InvalidContractException("Invalid contract " + source + ": " + e.getMessage(), e);
      }
    }
    return schema;
  }

  /** The PII tag of every tagged field, by path ({@code address.postcode}, {@code items[].x}). */
  public static Map<String, String> piiTags(Schema contract) {
    Map<String, String> tags = new LinkedHashMap<>();
    collect(contract, "", tags);
    return tags;
  }

  private static void collect(Schema type, String prefix, Map<String, String> tags) {
    Schema record = unwrap(type);
    switch (record.getType()) {
      case RECORD -> {
        for (Schema.Field field : record.getFields()) {
          String path = prefix + field.name();
          Object pii = field.getObjectProp("pii");
          if (pii != null) {
            tags.put(path, pii.toString());
          }
          collect(field.schema(), path + ".", tags);
        }
      }
      case ARRAY -> collect(record.getElementType(), trimDot(prefix) + "[].", tags);
      case MAP -> collect(record.getValueType(), trimDot(prefix) + "{}.", tags);
      default -> {}
    }
  }

  private static void check(
      Schema type,
      String prefix,
      String source,
      java.util.Set<String> enclosing,
      boolean nestedRulesRefused) {
    Schema record = unwrap(type);
    switch (record.getType()) {
      case RECORD -> {
        if (!enclosing.add(record.getFullName())) {
          throw new InvalidContractException(
              "Invalid contract "
                  + source
                  + ": record "
                  + record.getFullName()
                  + " at "
                  + (prefix.isEmpty() ? "(root)" : trimDot(prefix))
                  + " contains itself; a table column cannot be recursive");
        }
        for (Schema.Field field : record.getFields()) {
          String path = prefix + field.name();
          if (field.doc() == null || field.doc().isBlank()) {
            throw new InvalidContractException(
                "Invalid contract "
                    + source
                    + ": field "
                    + path
                    + " has no doc; every field needs one");
          }
          if (nestedRulesRefused && !prefix.isEmpty() && field.getObjectProp("quality") != null) {
            // Publishes and the engine check top-level fields only: a nested rule would pass
            // every check while nothing ever ran it.
            throw new InvalidContractException(
                "Invalid contract "
                    + source
                    + ": field "
                    + path
                    + " has quality rules, but rules run on top-level fields only; put the"
                    + " rule on a top-level field");
          }
          Object pii = field.getObjectProp("pii");
          Object mask = field.getObjectProp("mask");
          if (pii != null && !PII_TAGS.contains(pii.toString())) {
            throw new InvalidContractException(
                "Invalid contract "
                    + source
                    + ": field "
                    + path
                    + " has unknown pii tag '"
                    + pii
                    + "'; known tags are "
                    + new java.util.TreeSet<>(PII_TAGS));
          }
          if (pii != null && mask == null) {
            throw new InvalidContractException(
                "Invalid contract "
                    + source
                    + ": field "
                    + path
                    + " is pii but has no mask strategy");
          }
          if (mask != null && pii == null) {
            throw new InvalidContractException(
                "Invalid contract " + source + ": field " + path + " has a mask but no pii tag");
          }
          if (mask != null && !MASKS.contains(mask.toString())) {
            throw new InvalidContractException(
                "Invalid contract "
                    + source
                    + ": field "
                    + path
                    + " has unknown mask '"
                    + mask
                    + "'; known masks are "
                    + new java.util.TreeSet<>(MASKS));
          }
          check(field.schema(), path + ".", source, enclosing, nestedRulesRefused);
        }
        enclosing.remove(record.getFullName());
      }
      case ARRAY ->
          check(
              record.getElementType(),
              trimDot(prefix) + "[].",
              source,
              enclosing,
              nestedRulesRefused);
      case MAP ->
          check(
              record.getValueType(),
              trimDot(prefix) + "{}.",
              source,
              enclosing,
              nestedRulesRefused);
      default -> {}
    }
  }

  /** The non-null branch of an optional ({@code ["null", T]}) type, else the type itself. */
  private static Schema unwrap(Schema type) {
    if (type.getType() == Schema.Type.UNION) {
      var branches = type.getTypes().stream().filter(b -> b.getType() != Schema.Type.NULL).toList();
      if (branches.size() == 1) {
        return branches.get(0);
      }
    }
    return type;
  }

  private static String trimDot(String prefix) {
    return prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : prefix;
  }
}
