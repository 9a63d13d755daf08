package io.insightmesh.products.profiles.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.contracts.spec.ProductDescriptors;
import io.insightmesh.sdk.publish.CatalogConnection;
import io.insightmesh.sdk.publish.LineageInput;
import io.insightmesh.sdk.publish.PipelineInput;
import io.insightmesh.sdk.publish.ProductPipeline;
import io.insightmesh.sdk.publish.PublishRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The profiles domain's pipeline: one {@code profiles.claimant_profiles} row per claimant of a
 * pinned {@code claims.claims} release, with the features the scoring engine needs, from that
 * release and the reference registers at {@link PipelineInput#location()} (see {@link
 * ReferenceData}; they are JSON lines whatever {@link PipelineInput#format()} says).
 *
 * <p>Options ({@link PipelineInput#options()}):
 *
 * <ul>
 *   <li>{@value #CLAIMS_RELEASE} (required): the claims release to build from, e.g. {@code 1.0.0}
 *       or {@code 1.0.0+run-7}; read as tag {@code v<release>} of {@code claims.claims_v<major>},
 *       and the release the profiles' {@code references} rule checks their claimants against.
 *   <li>{@value #MODE}: {@code full} (the default) rebuilds every profile; {@code incremental}
 *       recomputes only the claimants whose profiles can have changed since {@value #SINCE_RELEASE}
 *       (see {@link ChangedClaimants}) and keeps every other row of the current profiles as it is,
 *       but for {@code claims_release}.
 *   <li>{@value #SINCE_RELEASE} (incremental only): the claims release the current profiles were
 *       built from; refused if they were not.
 *   <li>{@value #CATALOG}: the Spark catalog through which to read the claims and the current
 *       profiles; default {@value CatalogConnection#SPARK_CATALOG}.
 * </ul>
 *
 * <p>Both modes give the same rows, every column equal but {@code built_at}, which an incremental
 * refresh moves only for the rows it recomputed. Its release is still the whole table ({@link
 * PublishRequest.Mode#OVERWRITE}): the kept rows are rewritten, not recomputed — an Iceberg
 * overwrite commits whole files, and an upsert would rewrite every file holding a changed claimant
 * anyway, since profiles are bucketed by claimant. What the refresh saves is work: the per-claimant
 * aggregation, the register joins and the pairing of claimants on shared values run only for the
 * affected claimants; finding them, and the values several claimants share, still takes a pass over
 * both releases' claims.
 */
public final class ClaimantProfilesPipeline implements ProductPipeline {
  /** The option naming the claims release to build from. */
  public static final String CLAIMS_RELEASE = "claims-release";

  /** The option choosing {@code full} or {@code incremental}. */
  public static final String MODE = "mode";

  /** The option naming the claims release the current profiles were built from. */
  public static final String SINCE_RELEASE = "since-release";

  /** The option naming the Spark catalog to read products through. */
  public static final String CATALOG = "catalog";

  static final String PRODUCT = "profiles.claimant_profiles";
  static final String CLAIMS = "claims.claims";

  @Override
  public String product() {
    return PRODUCT;
  }

  /**
   * @throws IllegalArgumentException if an option is missing or invalid, or the claims release does
   *     not exist
   * @throws IllegalStateException if an incremental refresh does not start from profiles built from
   *     {@value #SINCE_RELEASE}
   */
  @Override
  public List<PublishRequest> releases(SparkSession spark, PipelineInput input) {
    BuildOptions options = BuildOptions.parse(input.options());
    String catalog = options.catalog();
    ProductDescriptor profiles = ProductDescriptors.builtIn(PRODUCT);
    ReferenceData reference = ReferenceData.read(spark, input.location());
    // Every feature reads the release's claims (the shared-value features three times over):
    // kept for the run, memory then disk, instead of scanning the table a dozen times.
    Dataset<Row> claims =
        claims(spark, catalog, options.claimsRelease()).persist(StorageLevel.MEMORY_AND_DISK());
    String tag = "v" + options.claimsRelease();

    Dataset<Row> built;
    if (options.incremental()) {
      String since = options.sinceRelease().orElseThrow();
      Dataset<Row> current = current(spark, catalog, profiles, since, options.claimsRelease());
      if (builtFrom(current).equals(List.of(tag))) {
        // Already refreshed to this claims release (a re-run, or one after a crash between the
        // commit and the registry): nothing is recomputed, and the publisher finds the release
        // published if this is its version.
        built = contractColumns(current);
        return requests(input, profiles, reference.lineage(), built);
      }
      Dataset<Row> affected = ChangedClaimants.between(claims(spark, catalog, since), claims);
      Dataset<Row> kept =
          current
              .join(
                  affected.select(col("claimant_id").alias("_affected_id")),
                  col("claimant_id").equalTo(col("_affected_id")),
                  "left_anti")
              .withColumn("claims_release", lit(tag));
      Dataset<Row> recomputed =
          ProfileFeatures.build(claims, reference, tag, Optional.of(affected));
      built = contractColumns(kept).unionByName(contractColumns(recomputed));
    } else {
      built = ProfileFeatures.build(claims, reference, tag, Optional.empty());
    }

    return requests(input, profiles, reference.lineage(), built);
  }

  /**
   * The profiles release {@code built} from the claims release {@value #CLAIMS_RELEASE} names: its
   * {@code references} rule on {@code claimant_id} checks the claimants against that release, not
   * the latest one, which may have dropped a claimant since.
   */
  static List<PublishRequest> requests(
      PipelineInput input,
      ProductDescriptor profiles,
      List<LineageInput> referenceLineage,
      Dataset<Row> built) {
    List<LineageInput> inputs = new ArrayList<>();
    inputs.add(new LineageInput("insight-mesh", CLAIMS, List.of("claimant_id", "nino")));
    inputs.addAll(referenceLineage);
    return List.of(
        new PublishRequest(
            profiles,
            built,
            input.version(),
            PublishRequest.Mode.OVERWRITE,
            inputs,
            Map.of(CLAIMS, BuildOptions.parse(input.options()).claimsRelease())));
  }

  /** The claims of a release, pinned by its tag in the table of its major version. */
  private static Dataset<Row> claims(SparkSession spark, String catalog, String release) {
    String table = catalog + ".claims.claims_v" + release.substring(0, release.indexOf('.'));
    Column[] columns =
        ProfileFeatures.CLAIM_COLUMNS.stream().map(name -> col(name)).toArray(Column[]::new);
    try {
      return spark.read().option("tag", "v" + release).table(table).select(columns);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "Cannot read "
              + CLAIMS
              + " release "
              + release
              + " (tag v"
              + release
              + " of "
              + table
              + "): "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The profiles as published now, pinned to the snapshot {@code main} points at, after checking
   * that they were built from the claims release {@code since} (or already from {@code target}):
   * merging changes into profiles of another release would give neither release's profiles.
   */
  private static Dataset<Row> current(
      SparkSession spark, String catalog, ProductDescriptor profiles, String since, String target) {
    String table = catalog + "." + profiles.table();
    List<Row> main;
    try {
      main =
          spark
              .read()
              .table(table + ".refs")
              .filter(col("name").equalTo("main"))
              .select(col("snapshot_id"))
              .collectAsList();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "Cannot refresh "
              + PRODUCT
              + " incrementally: "
              + table
              + " cannot be read ("
              + e.getMessage()
              + "); publish a full build first",
          e);
    }
    if (main.isEmpty()) {
      throw new IllegalStateException(
          "Cannot refresh "
              + PRODUCT
              + " incrementally: it has no published profiles;"
              + " publish a full build first");
    }
    Dataset<Row> current = spark.read().option("snapshot-id", main.get(0).getLong(0)).table(table);
    List<String> builtFrom = builtFrom(current);
    if (!builtFrom.equals(List.of("v" + since)) && !builtFrom.equals(List.of("v" + target))) {
      throw new IllegalStateException(
          "Cannot refresh "
              + PRODUCT
              + " incrementally from claims release "
              + since
              + ": the current profiles were built from "
              + builtFrom
              + "; run a full build instead");
    }
    return current;
  }

  /** The claims releases (tags) {@code profiles} were built from; at most three. */
  private static List<String> builtFrom(Dataset<Row> profiles) {
    return profiles.select(col("claims_release")).distinct().limit(3).collectAsList().stream()
        .map(row -> row.getString(0))
        .toList();
  }

  private static Dataset<Row> contractColumns(Dataset<Row> profiles) {
    return profiles.select(
        ProfileFeatures.PROFILE_COLUMNS.stream().map(name -> col(name)).toArray(Column[]::new));
  }
}
