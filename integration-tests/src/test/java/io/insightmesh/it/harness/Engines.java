package io.insightmesh.it.harness;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The query engines, started once per test run and shared by every integration test: a local Spark
 * session and a Trino server, both with the embedded catalog ({@link Stores.Kind#H2}) as their
 * Iceberg catalog {@code mesh}.
 */
public final class Engines {
  /**
   * The principal Spark signs in to the catalog as: the claims domain team, so that it may create
   * and write tables in namespace {@code claims}. Trino signs in as the query engine's principal
   * and acts for each of its users as the catalog's policy allows.
   */
  public static final String PRINCIPAL = "claims-team";

  private static SparkSession spark;
  private static TrinoServer trino;

  private Engines() {}

  /** The shared Spark session. */
  public static synchronized SparkSession spark() {
    if (spark == null) {
      spark = SparkEngine.start(directory("spark"), catalog(), PRINCIPAL);
      SparkSession started = spark;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
    }
    return spark;
  }

  /** The shared Trino server. */
  public static synchronized TrinoServer trino() {
    if (trino == null) {
      trino = TrinoServer.start(directory("trino"), catalog());
      TrinoServer started = trino;
      Runtime.getRuntime().addShutdownHook(new Thread(started::close));
    }
    return trino;
  }

  /** The catalog both engines use. */
  public static CatalogServer catalog() {
    return Stores.catalog(Stores.Kind.H2);
  }

  private static Path directory(String engine) {
    Path directory = Stores.workDirectory().resolve("engines").resolve(engine);
    Stores.deleteRecursively(directory);
    return directory;
  }
}
