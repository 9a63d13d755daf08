package io.insightmesh.sdk.publish;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * How a pipeline reaches the catalog service: its base URI and the client credentials of the
 * principal it acts as (a domain team's service principal).
 */
public record CatalogConnection(URI uri, String principal, String secret) {
  /** The Spark catalog name under which product tables are addressed: {@code mesh.<ns>.<table>}. */
  public static final String SPARK_CATALOG = "mesh";

  public CatalogConnection {
    requireNonNull(uri, "uri is null");
    requireNonNull(principal, "principal is null");
    requireNonNull(secret, "secret is null");
  }

  public URI icebergUri() {
    return uri.resolve("/iceberg");
  }

  public URI tokenUri() {
    return uri.resolve("/oauth/token");
  }

  /** Iceberg REST client properties: OAuth2 client credentials against the catalog's issuer. */
  public Map<String, String> icebergProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("uri", icebergUri().toString());
    properties.put("warehouse", "mesh");
    properties.put("rest.auth.type", "oauth2");
    properties.put("credential", principal + ":" + secret);
    properties.put("oauth2-server-uri", tokenUri().toString());
    properties.put("scope", "catalog");
    return properties;
  }

  /** Registers the catalog as Spark catalog {@value #SPARK_CATALOG} in {@code spark}'s session. */
  public void register(SparkSession spark) {
    register(spark, SPARK_CATALOG);
  }

  /**
   * Registers the catalog under {@code name}, signed in as this connection's principal. A Spark
   * catalog keeps the credentials it was first used with, so each principal gets its own name.
   */
  public void register(SparkSession spark, String name) {
    String prefix = "spark.sql.catalog." + name;
    spark.conf().set(prefix, "org.apache.iceberg.spark.SparkCatalog");
    spark.conf().set(prefix + ".type", "rest");
    icebergProperties().forEach((key, value) -> spark.conf().set(prefix + "." + key, value));
    // Every read sees the catalog's current commit, also one another engine made a moment ago.
    spark.conf().set(prefix + ".cache-enabled", "false");
  }

  /** A local Spark session ({@code local[*]}) with this catalog registered. */
  public SparkSession localSpark(String appName) {
    SparkSession spark =
        SparkSession.builder()
            .appName(appName)
            .master(System.getProperty("mesh.spark.master", "local[*]"))
            .config("spark.ui.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config(
                "spark.sql.shuffle.partitions",
                System.getProperty("mesh.spark.shuffle-partitions", "8"))
            .config(
                "spark.sql.extensions",
                "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
            .getOrCreate();
    register(spark);
    return spark;
  }
}
