package io.insightmesh.sdk.catalog;

/**
 * How this JVM's AWS SDK checksums requests to an {@code s3://} warehouse: only where S3 requires
 * it, unless the operator chose otherwise.
 *
 * <p>Since 2.30 the SDK signs every upload with a trailing checksum in {@code aws-chunked}
 * encoding, which S3-compatible stores (s3proxy, older MinIO and Ceph releases) refuse with "The
 * provided 'x-amz-content-sha256' header does not match what was computed". Trino's native S3 file
 * system sends checksums only when required for the same reason; the catalog service does too. The
 * SDK reads the setting when a client is built, and Iceberg's S3FileIO offers no other way in.
 */
public final class S3Checksums {
  private S3Checksums() {}

  /**
   * Sets {@code aws.requestChecksumCalculation} and {@code aws.responseChecksumValidation} to
   * {@code WHEN_REQUIRED} unless the system property or its variable ({@code
   * AWS_REQUEST_CHECKSUM_CALCULATION}, {@code AWS_RESPONSE_CHECKSUM_VALIDATION}) already says.
   */
  public static void whenRequired() {
    whenRequired("aws.requestChecksumCalculation", REQUEST_VARIABLE);
    whenRequired("aws.responseChecksumValidation", RESPONSE_VARIABLE);
  }

  /** The variable the SDK reads for request checksums; executors on a cluster need it too. */
  public static final String REQUEST_VARIABLE = "AWS_REQUEST_CHECKSUM_CALCULATION";

  /** The variable the SDK reads for response checksum validation. */
  public static final String RESPONSE_VARIABLE = "AWS_RESPONSE_CHECKSUM_VALIDATION";

  /** The value this JVM's SDK uses for {@code variable}, after {@link #whenRequired()}. */
  public static String setting(String variable) {
    String property =
        variable.equals(REQUEST_VARIABLE)
            ? "aws.requestChecksumCalculation"
            : "aws.responseChecksumValidation";
    String value = System.getProperty(property);
    return value != null ? value : System.getenv().getOrDefault(variable, "WHEN_REQUIRED");
  }

  private static void whenRequired(String property, String variable) {
    if (System.getProperty(property) == null && System.getenv(variable) == null) {
      System.setProperty(property, "WHEN_REQUIRED");
    }
  }
}
