package io.insightmesh.it.harness;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * A local Spark session ({@code local[2]}, one per test run) whose Iceberg catalog {@code mesh} is
 * the catalog service, reached through Iceberg's REST client with OAuth2 client credentials, as a
 * domain team's pipeline reaches it.
 */
public final class SparkEngine {
  private SparkEngine() {}

  /**
   * Starts a Spark session signed in to {@code catalog} as {@code principal}; {@code directory}
   * holds Spark's own warehouse directory, which stays empty: table data goes where the catalog
   * says.
   */
  public static SparkSession start(Path directory, CatalogServer catalog, String principal) {
    String mesh = "spark.sql.catalog.mesh";
    return local()
        .config("spark.sql.warehouse.dir", directory.resolve("spark-warehouse").toUri().toString())
        .config(mesh, "org.apache.iceberg.spark.SparkCatalog")
        .config(mesh + ".type", "rest")
        .config(mesh + ".uri", catalog.icebergUri())
        .config(mesh + ".rest.auth.type", "oauth2")
        .config(mesh + ".warehouse", "mesh")
        .config(mesh + ".credential", catalog.credential(principal))
        .config(mesh + ".oauth2-server-uri", catalog.tokenUri())
        .config(mesh + ".scope", "catalog")
        // Each query sees the catalog's current commit: another engine's writes must show up
        // without a REFRESH, as they would for two users of the platform.
        .config(mesh + ".cache-enabled", "false")
        .getOrCreate();
  }

  /**
   * The local session without a catalog of its own, for code that registers the catalogs it needs
   * (the SDK's publisher does); the run's session if one exists already.
   */
  public static SparkSession startWithoutCatalog() {
    return local().getOrCreate();
  }

  private static SparkSession.Builder local() {
    return SparkSession.builder()
        .appName("insight-mesh-it")
        .master("local[2]")
        .config("spark.ui.enabled", "false")
        // Loopback only: the session must not depend on the machine's host name resolving.
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        // Test tables are tiny; Spark's default of 200 shuffle partitions would mean 200 tasks
        // (and files) per write on 2 cores.
        .config("spark.sql.shuffle.partitions", "2")
        .config(
            "spark.sql.extensions",
            "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
  }
}
