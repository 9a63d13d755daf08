package io.insightmesh.sdk.publish;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.sdk.contract.ProductId;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What to publish: a product, its data, the release version ({@code MAJOR.MINOR.PATCH}, or {@code
 * MAJOR.MINOR.PATCH+<run>} for a data-only refresh under the same contract), whether the data
 * replaces the table's content or is appended to it, and the releases of other products it was
 * built from.
 *
 * @param references the release of each product the data was built from, by product id ({@code
 *     claims.claims} → {@code 1.0.0}): the contract's {@code references} rules check the data
 *     against that release instead of the product's latest
 */
public record PublishRequest(
    ProductDescriptor product,
    Dataset<Row> data,
    String version,
    Mode mode,
    List<LineageInput> inputs,
    Map<String, String> references) {
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

  /**
   * Validates the request.
   *
   * @throws IllegalArgumentException if a version is not a release version, {@code version}'s MAJOR
   *     is not the descriptor's, or a referenced product's id is invalid
   */
  public PublishRequest {
    requireNonNull(product, "product is null");
    requireNonNull(data, "data is null");
    requireNonNull(version, "version is null");
    requireNonNull(mode, "mode is null");
    inputs = List.copyOf(inputs);
    references = Map.copyOf(references);
    checkVersion(product, version);
    references.forEach(
        (referenced, release) -> {
          ProductId.parse(referenced);
          if (!VERSION.matcher(release).matches()) {
            throw new IllegalArgumentException(
                "Invalid release '"
                    + release
                    + "' of referenced product "
                    + referenced
                    + ": a release version is MAJOR.MINOR.PATCH, optionally +<run>");
          }
        });
  }

  /** A request whose data was built from no pinned release of another product. */
  public PublishRequest(
      ProductDescriptor product,
      Dataset<Row> data,
      String version,
      Mode mode,
      List<LineageInput> inputs) {
    this(product, data, version, mode, inputs, Map.of());
  }

  /**
   * Checks a release version of {@code product} before anything is read or written: its form, and
   * that its MAJOR is the descriptor's. A descriptor names the table of its major version ({@code
   * claims_v1}); a 2.0.0 published with it was stored as contract 2.0.0 of the first table, and
   * readers following the {@code _v<major>} rule looked for a {@code claims_v2} that never came.
   *
   * @throws IllegalArgumentException naming the version and the rule it breaks
   */
  public static void checkVersion(ProductDescriptor product, String version) {
    if (!VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException(
          "Invalid version '"
              + version
              + "': a release version is MAJOR.MINOR.PATCH, optionally +<run> for a data refresh");
    }
    String major = version.substring(0, version.indexOf('.'));
    String described = product.version();
    int dot = described.indexOf('.');
    if (dot > 0 && !described.substring(0, dot).equals(major)) {
      throw new IllegalArgumentException(
          "Invalid version '"
              + version
              + "': "
              + product.id()
              + " "
              + described
              + " publishes to table "
              + product.table()
              + ", and a MAJOR version is a new table (DESIGN.md §4): release "
              + major
              + ".x.y with a descriptor of that major naming its own table");
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
