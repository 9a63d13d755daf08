package io.insightmesh.catalog.iceberg;

import io.insightmesh.catalog.config.CatalogConfig;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.iceberg.aws.AwsClientProperties;
import org.apache.iceberg.aws.HttpClientProperties;
import org.apache.iceberg.aws.s3.S3FileIOProperties;

/**
 * The S3 client properties of an {@code s3://} warehouse, the same for the catalog's own FileIO and
 * for every engine it configures through {@code /v1/config}: one place decides how the platform
 * talks to object storage. Credentials are never among them.
 */
final class ObjectStorage {
  private ObjectStorage() {}

  /**
   * Makes the AWS SDK send checksums only where S3 requires them, unless the operator chose
   * otherwise ({@code AWS_REQUEST_CHECKSUM_CALCULATION}, {@code aws.requestChecksumCalculation}).
   * Since 2.30 the SDK signs every upload with a trailing checksum in {@code aws-chunked} encoding,
   * which S3-compatible stores (s3proxy, older MinIO and Ceph) refuse with "x-amz-content-sha256
   * does not match"; Trino's native S3 file system makes the same choice. The SDK reads the setting
   * when a client is built, and offers Iceberg's S3FileIO no other way in.
   */
  static void checksumsWhenRequired() {
    defaultSetting("aws.requestChecksumCalculation", "AWS_REQUEST_CHECKSUM_CALCULATION");
    defaultSetting("aws.responseChecksumValidation", "AWS_RESPONSE_CHECKSUM_VALIDATION");
  }

  private static void defaultSetting(String property, String variable) {
    if (System.getProperty(property) == null && System.getenv(variable) == null) {
      System.setProperty(property, "WHEN_REQUIRED");
    }
  }

  static boolean isS3(String location) {
    return location.toLowerCase(Locale.ROOT).startsWith("s3://");
  }

  /**
   * Iceberg client properties for {@code warehouse}: empty unless it is on S3.
   *
   * @throws IllegalArgumentException naming the setting if the region is missing or the endpoint is
   *     no {@code http(s)} URI
   */
  static Map<String, String> clientProperties(String warehouse, CatalogConfig.S3 settings) {
    if (!isS3(warehouse)) {
      return Map.of();
    }
    String bucket = warehouse.substring("s3://".length()).split("/", 2)[0];
    if (bucket.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid mesh.catalog.warehouse-location "
              + warehouse
              + ": an s3:// warehouse must name a bucket, as in s3://bucket/prefix");
    }
    String region =
        settings
            .region()
            .filter(value -> !value.isBlank())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "Missing mesh.catalog.s3.region (MESH_S3_REGION): an s3:// warehouse"
                            + " needs the region requests are signed for, such as eu-west-2"));
    Map<String, String> properties = new LinkedHashMap<>();
    settings
        .endpoint()
        .filter(value -> !value.isBlank())
        .ifPresent(
            endpoint -> properties.put(S3FileIOProperties.ENDPOINT, checkEndpoint(endpoint)));
    properties.put(AwsClientProperties.CLIENT_REGION, region);
    properties.put(
        S3FileIOProperties.PATH_STYLE_ACCESS, String.valueOf(settings.pathStyleAccess()));
    // The platform ships the JDK-based client only (no Apache or Netty HTTP stack beside Quarkus's
    // and Spark's); Iceberg would otherwise load Apache's. Engines that bring their own bundle have
    // this client too.
    properties.put(
        HttpClientProperties.CLIENT_TYPE, HttpClientProperties.CLIENT_TYPE_URLCONNECTION);
    return Map.copyOf(properties);
  }

  private static String checkEndpoint(String endpoint) {
    URI uri;
    try {
      uri = URI.create(endpoint);
    } catch (IllegalArgumentException e) {
      uri = null;
    }
    if (uri == null
        || uri.getHost() == null
        || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
      throw new IllegalArgumentException(
          "Invalid mesh.catalog.s3.endpoint (MESH_S3_ENDPOINT) '"
              + endpoint
              + "': must be an http:// or https:// URL, such as http://127.0.0.1:9000");
    }
    return endpoint;
  }
}
