package io.insightmesh.sdk.testing;

import org.apache.spark.sql.SparkSession;

/**
 * The test run's local Spark session, without a catalog: started by the first test that needs it
 * and shared by the rest, as starting one costs seconds. The SDK's tests and the products' pipeline
 * tests use it alike (the products take it from the SDK's test jar, which holds this package only).
 */
public final class TestSpark {
  private TestSpark() {}

  public static SparkSession session() {
    return SparkSession.builder()
        .appName("insight-mesh-test")
        .master("local[1]")
        .config("spark.ui.enabled", "false")
        // Loopback only: the session must not depend on the machine's host name resolving.
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        // Test data is a few rows; Spark's 200 shuffle partitions would be 200 tasks per shuffle.
        .config("spark.sql.shuffle.partitions", "1")
        .getOrCreate();
  }
}
