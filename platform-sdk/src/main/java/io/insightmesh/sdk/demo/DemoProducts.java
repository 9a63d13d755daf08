package io.insightmesh.sdk.demo;

import static java.util.Objects.requireNonNull;

import io.insightmesh.sdk.publish.CatalogConnection;
import io.insightmesh.sdk.publish.PipelineInput;
import io.insightmesh.sdk.publish.ProductPipeline;
import io.insightmesh.sdk.publish.PublishRequest;
import io.insightmesh.sdk.publish.PublishResult;
import io.insightmesh.sdk.publish.Publisher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.spark.sql.SparkSession;

/**
 * The demo products: generated claims published as a {@code claims.claims} release, then a {@code
 * profiles.claimant_profiles} release built from it, each through its own pipeline and the SDK's
 * write-audit-publish, by its owning team. What {@code ./mesh up} publishes into an empty data
 * directory, and what tests publish before they start the scoring engine.
 */
public final class DemoProducts {
  /** The claims product, published by {@value #CLAIMS_PRINCIPAL}. */
  public static final String CLAIMS = "claims.claims";

  /** The profiles product, built from the claims release by {@value #PROFILES_PRINCIPAL}. */
  public static final String PROFILES = "profiles.claimant_profiles";

  public static final String CLAIMS_PRINCIPAL = "claims-team";
  public static final String PROFILES_PRINCIPAL = "profiles-team";

  // The profiles pipeline's options (ClaimantProfilesPipeline): which claims release to build
  // from, and the Spark catalog to read it through.
  private static final String CLAIMS_RELEASE_OPTION = "claims-release";
  private static final String CATALOG_OPTION = "catalog";

  private final SparkSession spark;
  private final URI catalog;
  private final UnaryOperator<String> secrets;
  private final Consumer<String> progress;

  /**
   * Publishes into the catalog at {@code catalog} with the session's Spark, signing in each team
   * with the client secret {@code secrets} gives for its principal; {@code progress} hears one line
   * per stage.
   */
  public DemoProducts(
      SparkSession spark, URI catalog, UnaryOperator<String> secrets, Consumer<String> progress) {
    this.spark = requireNonNull(spark, "spark is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.secrets = requireNonNull(secrets, "secrets is null");
    this.progress = requireNonNull(progress, "progress is null");
  }

  /**
   * Generates {@code count} claims with {@code seed} into {@code output} (replacing an earlier run
   * there) with the {@link DemoSource} on the classpath.
   *
   * @throws IllegalStateException if no {@link DemoSource} is on the classpath
   */
  public static void generate(Path output, long count, long seed, Consumer<String> progress) {
    if (count <= 0) {
      throw new IllegalArgumentException(
          "Invalid demo claims count " + count + ": must be positive");
    }
    source()
        .generate(
            output,
            count,
            seed,
            written ->
                progress.accept(
                    String.format(Locale.ROOT, "generated %,d of %,d claims", written, count)));
  }

  /**
   * Publishes release {@code version} of {@value #CLAIMS} from the generator's output {@code
   * generated}, then of {@value #PROFILES} from that claims release. A release already published is
   * left as it is.
   *
   * @return every release published (claims, its rejects companion, profiles), in order
   * @throws io.insightmesh.sdk.publish.QualityCheckFailedException if a release fails its rules
   */
  public List<PublishResult> publish(Path generated, String version) {
    requireNonNull(generated, "generated is null");
    requireNonNull(version, "version is null");
    List<PublishResult> published = new ArrayList<>();
    // The synthetic claims are from the past: their freshness is judged as of the source's date.
    Clock then = Clock.fixed(source().asOf(generated), ZoneOffset.UTC);
    CatalogConnection claimsTeam = connection(CLAIMS_PRINCIPAL);
    progress.accept("publishing " + CLAIMS + " " + version + " as " + CLAIMS_PRINCIPAL);
    published.addAll(
        publish(
            claimsTeam,
            then,
            pipeline(CLAIMS)
                .releases(spark, new PipelineInput(generated, "json", version, Map.of()))));
    CatalogConnection profilesTeam = connection(PROFILES_PRINCIPAL);
    // A Spark catalog keeps the credentials and address it was first used with: one name per
    // principal and catalog, as a test's session may publish into several catalogs.
    String reader = "demo_profiles_" + Math.max(catalog.getPort(), 0);
    profilesTeam.register(spark, reader);
    progress.accept(
        "publishing "
            + PROFILES
            + " "
            + version
            + " from "
            + CLAIMS
            + " "
            + version
            + " as "
            + PROFILES_PRINCIPAL);
    published.addAll(
        publish(
            profilesTeam,
            Clock.systemUTC(),
            pipeline(PROFILES)
                .releases(
                    spark,
                    new PipelineInput(
                        generated,
                        "json",
                        version,
                        Map.of(CLAIMS_RELEASE_OPTION, version, CATALOG_OPTION, reader)))));
    return List.copyOf(published);
  }

  private List<PublishResult> publish(
      CatalogConnection connection, Clock clock, List<PublishRequest> requests) {
    try (Publisher publisher = new Publisher(spark, connection, clock)) {
      List<PublishResult> results = publisher.publishAll(requests);
      for (PublishResult result : results) {
        progress.accept(
            String.format(
                Locale.ROOT,
                "%s %s %s: %,d rows, quality %s",
                result.alreadyPublished() ? "already published" : "published",
                result.product(),
                result.version(),
                result.rowCount(),
                result.quality().passed() ? "passed" : "FAILED"));
      }
      return results;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close the publisher of " + connection.principal(), e);
    }
  }

  private CatalogConnection connection(String principal) {
    return new CatalogConnection(catalog, principal, secrets.apply(principal));
  }

  private static ProductPipeline pipeline(String product) {
    return ServiceLoader.load(ProductPipeline.class).stream()
        .map(ServiceLoader.Provider::get)
        .filter(candidate -> candidate.product().equals(product))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Cannot publish the demo: no pipeline for "
                        + product
                        + " on the classpath (its product module is missing)"));
  }

  private static DemoSource source() {
    return ServiceLoader.load(DemoSource.class)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "Cannot generate demo claims: no DemoSource on the classpath (the claims"
                        + " product module is missing)"));
  }
}
