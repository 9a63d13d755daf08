package io.insightmesh.contracts.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.avro.Schema;

/** Reads product descriptors from files or from the contracts shipped in this module. */
public final class ProductDescriptors {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern PART = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final Set<String> QUALITY_KEYS = Set.of("rowCount", "freshness");
  private static final Set<String> ROW_COUNT_KEYS = Set.of("min", "max");
  private static final Set<String> FRESHNESS_KEYS = Set.of("column", "maxAge");
  private static final Pattern VERSION =
      Pattern.compile("(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})");

  private ProductDescriptors() {}

  /**
   * A product shipped in this module, by id ({@code claims.claims}).
   *
   * @throws IllegalArgumentException if no such product ships here
   */
  public static ProductDescriptor builtIn(String productId) {
    String[] parts = productId.split("\\.", 2);
    if (parts.length != 2
        || !PART.matcher(parts[0]).matches()
        || !PART.matcher(parts[1]).matches()) {
      throw new IllegalArgumentException(
          "Invalid product '" + productId + "': a product id is <domain>.<name>, lower case");
    }
    String base = "contracts/" + parts[0] + "/";
    String yaml =
        resource(base + parts[1] + ".yaml")
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Unknown product "
                            + productId
                            + ": no descriptor "
                            + base
                            + parts[1]
                            + ".yaml"));
    return parse(
        yaml,
        base + parts[1] + ".yaml",
        schemaFile ->
            resource(base + schemaFile)
                .orElseThrow(
                    () ->
                        new InvalidContractException(
                            "Invalid descriptor "
                                + productId
                                + ": contract "
                                + schemaFile
                                + " is missing")));
  }

  /** A descriptor file; its contract is resolved beside it. */
  public static ProductDescriptor load(Path descriptor) {
    try {
      String yaml = Files.readString(descriptor, StandardCharsets.UTF_8);
      Path directory = descriptor.toAbsolutePath().getParent();
      return parse(
          yaml,
          descriptor.toString(),
          schemaFile -> {
            try {
              return Files.readString(directory.resolve(schemaFile), StandardCharsets.UTF_8);
            } catch (IOException e) {
              throw new InvalidContractException(
                  "Invalid descriptor " + descriptor + ": cannot read contract " + schemaFile, e);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read descriptor " + descriptor, e);
    }
  }

  /**
   * Parses a descriptor.
   *
   * @throws InvalidContractException naming the field and the rule when the descriptor is invalid
   */
  static ProductDescriptor parse(String yaml, String source, Function<String, String> contracts) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new InvalidContractException(
          "Invalid descriptor " + source + ": not valid YAML: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidContractException(
          "Invalid descriptor " + source + ": must be a YAML mapping");
    }
    String domain = required(root, "domain", source);
    String name = required(root, "name", source);
    if (!PART.matcher(domain).matches() || !PART.matcher(name).matches()) {
      throw new InvalidContractException(
          "Invalid descriptor " + source + ": domain and name must be lower-case identifiers");
    }
    String id = required(root, "id", source);
    if (!id.equals(domain + "." + name)) {
      throw new InvalidContractException(
          "Invalid descriptor " + source + ": id " + id + " must be " + domain + "." + name);
    }
    String version = required(root, "version", source);
    if (!VERSION.matcher(version).matches()) {
      throw new InvalidContractException(
          "Invalid descriptor " + source + ": version " + version + " must be MAJOR.MINOR.PATCH");
    }
    JsonNode owner = root.path("owner");
    if (!owner.isObject()
        || owner.path("team").asText("").isBlank()
        || owner.path("contact").asText("").isBlank()) {
      throw new InvalidContractException(
          "Invalid descriptor " + source + ": owner with team and contact is required");
    }
    String classification = required(root, "classification", source);
    if (!classification.equals("PII") && !classification.equals("NON_PII")) {
      throw new InvalidContractException(
          "Invalid descriptor " + source + ": classification must be PII or NON_PII");
    }
    String schemaFile = root.path("contract").path("schema").asText("");
    if (schemaFile.isBlank() || schemaFile.contains("/") || schemaFile.contains("..")) {
      throw new InvalidContractException(
          "Invalid descriptor " + source + ": contract.schema must name a file beside it");
    }
    var contract = ContractSpec.parse(contracts.apply(schemaFile), id);
    boolean hasPii = !ContractSpec.piiTags(contract).isEmpty();
    if (hasPii != classification.equals("PII")) {
      throw new InvalidContractException(
          "Invalid descriptor "
              + source
              + ": classification "
              + classification
              + (hasPii
                  ? " but the contract tags personal fields"
                  : " but no field is tagged pii"));
    }
    int major = Integer.parseInt(version.substring(0, version.indexOf('.')));
    String tableName = root.path("table").path("name").asText(name + "_v" + major);
    if (!tableName.equals(name + "_v" + major)) {
      throw new InvalidContractException(
          "Invalid descriptor "
              + source
              + ": table.name "
              + tableName
              + " must be "
              + name
              + "_v"
              + major
              + " (a major version is its own table)");
    }
    JsonNode quality = root.path("quality");
    Optional<Long> minRows = Optional.empty();
    Optional<Long> maxRows = Optional.empty();
    Optional<ProductDescriptor.Freshness> freshness = Optional.empty();
    if (!quality.isMissingNode()) {
      // A bare `quality:` is null: refused too, since that is what a rule indented one level too
      // little leaves behind, and the rule below it would then be silently ignored.
      keys(quality, "quality", QUALITY_KEYS, source);
      if (quality.has("rowCount")) {
        JsonNode rowCount = quality.get("rowCount");
        keys(rowCount, "quality.rowCount", ROW_COUNT_KEYS, source);
        minRows = rowBound(rowCount, "min", source);
        maxRows = rowBound(rowCount, "max", source);
        if (minRows.isEmpty() && maxRows.isEmpty()) {
          throw new InvalidContractException(
              "Invalid descriptor " + source + ": quality.rowCount needs min, max or both");
        }
        if (minRows.isPresent() && maxRows.isPresent() && minRows.get() > maxRows.get()) {
          throw new InvalidContractException(
              "Invalid descriptor "
                  + source
                  + ": quality.rowCount.min "
                  + minRows.get()
                  + " must not be above quality.rowCount.max "
                  + maxRows.get());
        }
      }
      if (quality.has("freshness")) {
        JsonNode rule = quality.get("freshness");
        keys(rule, "quality.freshness", FRESHNESS_KEYS, source);
        String column = required(rule, "quality.freshness.column", "column", source);
        if (contract.getField(column) == null) {
          throw new InvalidContractException(
              "Invalid descriptor "
                  + source
                  + ": quality.freshness.column names "
                  + column
                  + ", which is not a field of the contract");
        }
        Duration maxAge = duration(rule, "quality.freshness.maxAge", "maxAge", source);
        if (maxAge.isNegative() || maxAge.isZero()) {
          // No newest row is ever younger than zero: the rule would fail every release.
          throw new InvalidContractException(
              "Invalid descriptor "
                  + source
                  + ": quality.freshness.maxAge "
                  + rule.get("maxAge").asText()
                  + " must be a positive duration");
        }
        freshness = Optional.of(new ProductDescriptor.Freshness(column, maxAge));
      }
    }
    return new ProductDescriptor(
        id,
        domain,
        name,
        version,
        required(root, "description", source),
        new ProductDescriptor.Owner(owner.path("team").asText(), owner.path("contact").asText()),
        classification,
        strings(root.path("tags")),
        duration(root.path("sla"), "sla.freshness", "freshness", source),
        contract,
        tableName,
        strings(root.path("table").path("partitioning")),
        bloomFilterColumns(root.path("table").path("bloomFilterColumns"), contract, source),
        strings(root.path("inputs")),
        minRows,
        maxRows,
        freshness);
  }

  /**
   * Columns whose Parquet files carry a bloom filter, so that a lookup by one value skips the files
   * that cannot hold it (min/max statistics cannot: ids are spread over every file).
   */
  private static List<String> bloomFilterColumns(JsonNode node, Schema contract, String source) {
    List<String> columns = strings(node);
    for (String column : columns) {
      if (contract.getField(column) == null) {
        throw new InvalidContractException(
            "Invalid descriptor "
                + source
                + ": table.bloomFilterColumns names "
                + column
                + ", which is not a field of the contract");
      }
    }
    return columns;
  }

  private static String required(JsonNode node, String field, String source) {
    return required(node, field, field, source);
  }

  /** The text of {@code node.field}, named by its whole key {@code path} in the error. */
  private static String required(JsonNode node, String path, String field, String source) {
    String value = node.path(field).asText("");
    if (value.isBlank()) {
      throw new InvalidContractException(
          "Invalid descriptor " + source + ": " + path + " is required");
    }
    return value.strip();
  }

  private static Duration duration(JsonNode node, String path, String field, String source) {
    String text = required(node, path, field, source);
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidContractException(
          "Invalid descriptor "
              + source
              + ": "
              + path
              + " "
              + text
              + " is not an ISO-8601 duration (PT1H, P7D)",
          e);
    }
  }

  private static List<String> strings(JsonNode list) {
    List<String> values = new ArrayList<>();
    list.forEach(value -> values.add(value.asText()));
    return values;
  }

  /**
   * Refuses any key a block does not take: a misspelt rule or bound would otherwise be ignored and
   * the release published without it, as {@link QualityRules} refuses for field rules.
   */
  private static void keys(JsonNode block, String path, Set<String> known, String source) {
    String takes = String.join(", ", new TreeSet<>(known));
    if (!block.isObject()) {
      throw new InvalidContractException(
          "Invalid descriptor " + source + ": " + path + " must be a mapping of " + takes);
    }
    for (Iterator<String> names = block.fieldNames(); names.hasNext(); ) {
      String key = names.next();
      if (!known.contains(key)) {
        throw new InvalidContractException(
            "Invalid descriptor "
                + source
                + ": "
                + path
                + " has no '"
                + key
                + "'; it takes "
                + takes);
      }
    }
  }

  /**
   * A row-count bound as written: a whole number of rows. Jackson's {@code asLong} reads a word or
   * a quoted number as 0, which would turn {@code min: one} into no bound at all.
   */
  private static Optional<Long> rowBound(JsonNode rowCount, String key, String source) {
    JsonNode value = rowCount.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
      throw new InvalidContractException(
          "Invalid descriptor "
              + source
              + ": quality.rowCount."
              + key
              + (value.isNull() ? " is empty" : " is " + value)
              + "; it must be a whole number of rows, 0 or more");
    }
    return Optional.of(value.asLong());
  }

  private static Optional<String> resource(String path) {
    try (InputStream in = ProductDescriptors.class.getClassLoader().getResourceAsStream(path)) {
      return in == null
          ? Optional.empty()
          : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + path, e);
    }
  }
}
