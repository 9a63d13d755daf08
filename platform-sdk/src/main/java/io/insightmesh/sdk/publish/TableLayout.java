package io.insightmesh.sdk.publish;

import io.insightmesh.contracts.spec.ContractSpec;
import io.insightmesh.contracts.spec.InvalidContractException;
import io.insightmesh.contracts.spec.ProductDescriptor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.TableProperties;

/**
 * The Iceberg table a product's contract implies: its schema, partitioning and properties (PII tags
 * as {@code mesh.pii.<column>}, which the catalog checks on every commit; bounded metadata).
 */
final class TableLayout {
  static final String PII_PREFIX = "mesh.pii.";
  static final String CONTRACT_VERSION = "mesh.contract.version";
  private static final Pattern TRANSFORM =
      Pattern.compile(
          "(identity|year|month|day|hour|bucket|truncate)\\((?:(\\d+),\\s*)?([a-z0-9_]+)\\)");

  private TableLayout() {}

  static Schema schema(ProductDescriptor product) {
    return ContractTypes.schema(product.contract());
  }

  static PartitionSpec partitioning(ProductDescriptor product, Schema schema) {
    PartitionSpec.Builder spec = PartitionSpec.builderFor(schema);
    for (String expression : product.partitioning()) {
      String text = expression.strip();
      Matcher matcher = TRANSFORM.matcher(text);
      if (!matcher.matches()) {
        spec.identity(text);
        continue;
      }
      String column = matcher.group(3);
      switch (matcher.group(1)) {
        case "identity" -> spec.identity(column);
        case "year" -> spec.year(column);
        case "month" -> spec.month(column);
        case "day" -> spec.day(column);
        case "hour" -> spec.hour(column);
        case "bucket" -> spec.bucket(column, width(matcher, text));
        case "truncate" -> spec.truncate(column, width(matcher, text));
        default -> throw new InvalidContractException("Invalid partitioning " + text);
      }
    }
    return spec.build();
  }

  /**
   * Whether {@code spec} can give a write more partitions than it should keep files open for at
   * once: any partition field but a bucket (a time transform, a value) grows with the data.
   */
  static boolean manyPartitions(PartitionSpec spec) {
    return spec.fields().stream()
        .anyMatch(field -> !field.transform().toString().startsWith("bucket"));
  }

  /** Properties every product table carries. */
  static Map<String, String> properties(ProductDescriptor product, String contractVersion) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(TableProperties.FORMAT_VERSION, "2");
    properties.put(CONTRACT_VERSION, contractVersion);
    properties.put("mesh.product", product.id());
    // Readers stay fast as history grows: old metadata files go, manifests merge.
    properties.put(TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true");
    properties.put(TableProperties.METADATA_PREVIOUS_VERSIONS_MAX, "50");
    properties.put(TableProperties.MANIFEST_MERGE_ENABLED, "true");
    // Point lookups (a claim id) skip every file whose bloom filter rules the value out. Each open
    // file's filter is allocated at its maximum size up front, and a task writing many partitions
    // holds one per partition: 128 KiB keeps that small and still gives about 1% false positives
    // at 110,000 values per file.
    if (!product.bloomFilterColumns().isEmpty()) {
      properties.put(TableProperties.PARQUET_BLOOM_FILTER_MAX_BYTES, String.valueOf(128 * 1024));
    }
    product
        .bloomFilterColumns()
        .forEach(
            column ->
                properties.put(
                    TableProperties.PARQUET_BLOOM_FILTER_COLUMN_ENABLED_PREFIX + column, "true"));
    ContractSpec.piiTags(product.contract())
        .forEach((column, tag) -> properties.put(PII_PREFIX + column, tag));
    return properties;
  }

  private static int width(Matcher matcher, String text) {
    if (matcher.group(2) == null) {
      throw new InvalidContractException("Invalid partitioning " + text + ": a width is required");
    }
    return Integer.parseInt(matcher.group(2));
  }
}
