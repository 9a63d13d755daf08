package io.insightmesh.sdk.publish;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.spec.ProductDescriptor;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What to publish: a product, its data, the release version ({@code MAJOR.MINOR.PATCH}, or {@code
 * MAJOR.MINOR.PATCH+<run>} for a data-only refresh under the same contract), and whether the data
 * replaces the table's content or is appended to it.
 */
public record PublishRequest(
    ProductDescriptor product,
    Dataset<Row> data,
    String version,
    Mode mode,
    List<LineageInput> inputs) {
  private static final Pattern VERSION =
      Pattern.compile(
          "(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})\\.(0|[1-9][0-9]{0,8})(\\+[0-9A-Za-z.-]{1,64})?");

  /** How the data relates to what the table already holds. */
  public enum Mode {
    /** The data is the product's whole new content. */
    OVERWRITE,
    /** The data adds to the current content. */
    APPEND
  }

  public PublishRequest {
    requireNonNull(product, "product is null");
    requireNonNull(data, "data is null");
    requireNonNull(version, "version is null");
    requireNonNull(mode, "mode is null");
    inputs = List.copyOf(inputs);
    if (!VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException(
          "Invalid version '"
              + version
              + "': a release version is MAJOR.MINOR.PATCH, optionally +<run> for a data refresh");
    }
  }

  /** The contract version the release is published under: the version without its run. */
  public String contractVersion() {
    int plus = version.indexOf('+');
    return plus < 0 ? version : version.substring(0, plus);
  }

  /** The Iceberg tag of the release. */
  public String tag() {
    return "v" + version;
  }
}
