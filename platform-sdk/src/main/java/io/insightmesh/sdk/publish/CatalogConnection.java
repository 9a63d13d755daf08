package io.insightmesh.sdk.publish;

import static java.util.Objects.requireNonNull;

import io.insightmesh.sdk.catalog.S3Checksums;
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

  /** The Spark master pipelines run on unless told otherwise: every core of this machine. */
  public static final String LOCAL_MASTER = "local[*]";

  /** Spark's cache of compiled generated code, in classes; a {@code spark.*} property wins. */
  private static final String CODEGEN_CACHE_ENTRIES = "spark.sql.codegen.cache.maxEntries";

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

  /**
   * Iceberg REST client properties: OAuth2 client credentials against the catalog's issuer. How to
   * reach the warehouse's files (an {@code s3://} warehouse's endpoint, region, addressing) comes
   * from the catalog's {@code /v1/config}; credentials for object storage from the AWS SDK's
   * default chain ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}). Every client of the
   * catalog asks for these, so this is where the JVM's S3 checksums are settled ({@link
   * S3Checksums}).
   */
  public Map<String, String> icebergProperties() {
    S3Checksums.whenRequired();
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

  /** A local Spark session ({@value #LOCAL_MASTER}) with this catalog registered. */
  public SparkSession localSpark(String appName) {
    return spark(appName, LOCAL_MASTER);
  }

  /**
   * A Spark session on {@code master} with this catalog registered: {@code local[*]} runs the
   * pipeline in this JVM, {@code spark://host:7077} on a Spark standalone cluster. Any other
   * setting ({@code spark.executor.memory}, {@code spark.jars}, ...) comes from {@code spark.*}
   * system properties, as with {@code spark-submit}. Spark's cache of compiled generated code holds
   * 1,000 classes unless {@code spark.sql.codegen.cache.maxEntries} says otherwise.
   *
   * @throws IllegalArgumentException if {@code master} is blank
   */
  public SparkSession spark(String appName, String master) {
    requireNonNull(appName, "appName is null");
    requireNonNull(master, "master is null");
    if (master.isBlank()) {
      throw new IllegalArgumentException("Invalid Spark master: it is blank");
    }
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName(appName)
            .master(master)
            .config("spark.ui.enabled", "false")
            .config(
                "spark.sql.shuffle.partitions",
                System.getProperty("mesh.spark.shuffle-partitions", "8"))
            .config(
                "spark.sql.extensions",
                "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
    if (System.getProperty(CODEGEN_CACHE_ENTRIES) == null) {
      // One profile build alone compiles about 200 classes of generated code: with Spark's 100
      // they evicted each other, so every run compiled them all again (and the JIT then compiled
      // the new classes as well).
      builder.config(CODEGEN_CACHE_ENTRIES, "1000");
    }
    if (master.startsWith("local")) {
      // Alone on this machine: loopback, so a host name that does not resolve cannot stop it. On a
      // cluster the executors connect back to the driver, so it must keep Spark's own choice
      // (SPARK_LOCAL_IP, spark.driver.host), which an operator sets for their network.
      builder
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    } else {
      // Executors write the data files: on an s3:// warehouse they must checksum as the driver
      // does.
      S3Checksums.whenRequired();
      for (String variable :
          new String[] {S3Checksums.REQUEST_VARIABLE, S3Checksums.RESPONSE_VARIABLE}) {
        String key = "spark.executorEnv." + variable;
        if (System.getProperty(key) == null) {
          builder.config(key, S3Checksums.setting(variable));
        }
      }
    }
    SparkSession spark = builder.getOrCreate();
    register(spark);
    return spark;
  }
}
