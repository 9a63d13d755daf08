package io.insightmesh.sdk.launcher;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code s3://} warehouse as the operator configures it once, in the environment every component
 * of {@code ./mesh up} inherits: {@value #WAREHOUSE_VARIABLE}, {@value #ENDPOINT_VARIABLE}, {@value
 * #REGION_VARIABLE}, {@value #PATH_STYLE_VARIABLE}. The catalog service reads the same variables
 * and tells Spark and the scoring engine through {@code /v1/config}; Trino, which reads files
 * through its own native S3 file system, is told here. Credentials are not part of it: every
 * component takes them from the AWS SDK's default chain ({@code AWS_ACCESS_KEY_ID} and {@code
 * AWS_SECRET_ACCESS_KEY}), so none is written to a file.
 *
 * @param warehouse the warehouse root, {@code s3://bucket/prefix}
 * @param endpoint the S3 API endpoint of an S3-compatible store; empty for Amazon S3
 * @param region the region requests are signed for
 * @param pathStyleAccess whether buckets are addressed as {@code endpoint/bucket}
 */
public record ObjectStorage(
    String warehouse, Optional<String> endpoint, String region, boolean pathStyleAccess) {
  /** The warehouse root; unset means a {@code file:} warehouse in the data directory. */
  public static final String WAREHOUSE_VARIABLE = "MESH_WAREHOUSE";

  /** The S3 API endpoint of an S3-compatible store. */
  public static final String ENDPOINT_VARIABLE = "MESH_S3_ENDPOINT";

  /** The region requests are signed for. */
  public static final String REGION_VARIABLE = "MESH_S3_REGION";

  /** {@code true} to address buckets by path, as most S3-compatible stores need. */
  public static final String PATH_STYLE_VARIABLE = "MESH_S3_PATH_STYLE_ACCESS";

  public ObjectStorage {
    requireNonNull(warehouse, "warehouse is null");
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(region, "region is null");
    if (!warehouse.toLowerCase(Locale.ROOT).startsWith("s3://")) {
      throw new IllegalArgumentException(
          "Invalid " + WAREHOUSE_VARIABLE + " " + warehouse + ": must be s3://bucket/prefix");
    }
  }

  /**
   * The object storage {@code environment} names, or empty for a {@code file:} warehouse.
   *
   * @throws IllegalArgumentException naming the variable if the warehouse is on S3 but the region
   *     is missing
   */
  public static Optional<ObjectStorage> fromEnvironment(Map<String, String> environment) {
    String warehouse = environment.get(WAREHOUSE_VARIABLE);
    if (warehouse == null
        || warehouse.isBlank()
        || !warehouse.strip().toLowerCase(Locale.ROOT).startsWith("s3://")) {
      return Optional.empty();
    }
    String region = environment.get(REGION_VARIABLE);
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException(
          "Missing "
              + REGION_VARIABLE
              + ": the s3:// warehouse "
              + warehouse.strip()
              + " needs the region requests are signed for, such as eu-west-2");
    }
    return Optional.of(
        new ObjectStorage(
            warehouse.strip(),
            Optional.ofNullable(environment.get(ENDPOINT_VARIABLE))
                .map(String::strip)
                .filter(value -> !value.isEmpty()),
            region.strip(),
            Boolean.parseBoolean(environment.getOrDefault(PATH_STYLE_VARIABLE, "false").strip())));
  }

  /** Trino's native S3 file system settings for the {@code mesh} catalog, credentials excluded. */
  public List<String> trinoCatalogProperties() {
    List<String> lines = new ArrayList<>();
    lines.add("fs.native-s3.enabled=true");
    lines.add("s3.region=" + region);
    endpoint.ifPresent(value -> lines.add("s3.endpoint=" + value));
    lines.add("s3.path-style-access=" + pathStyleAccess);
    return List.copyOf(lines);
  }
}
