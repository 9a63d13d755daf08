package io.insightmesh.it.engines;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.it.harness.CatalogClients;
import io.insightmesh.it.harness.Engines;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Spark and Trino share tables through the catalog service as two teams of the platform would: what
 * one engine creates, writes or evolves, the other reads, including earlier snapshots by time
 * travel, and every commit moves the catalog's pointer to the snapshot the writer made.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SparkTrinoInteropIT {
  private static final Namespace CLAIMS = Namespace.of("claims");

  private SparkSession spark;
  private Connection trino;
  private RESTCatalog admin;

  @BeforeAll
  void start() {
    spark = Engines.spark();
    // The claims team through Trino: the policy lets a domain's owner write inside it.
    trino = Engines.trino().connection("claims-team");
    admin = CatalogClients.iceberg(Engines.catalog(), "admin");
    // Other suites share this catalog and may have created the domain's namespace already.
    spark.sql("CREATE NAMESPACE IF NOT EXISTS mesh.claims");
  }

  @AfterAll
  void stop() throws Exception {
    trino.close();
    admin.close();
  }

  @Test
  void trinoReadsExactlyTheRowsSparkWrote() {
    String table = createSubmissions("interop_spark_written");
    spark(
        "INSERT INTO "
            + table
            + " VALUES ('c-001', 'SEISS', 2500.00, DATE '2020-05-13'),"
            + " ('c-002', 'CJRS', 1875.50, DATE '2020-04-20'),"
            + " ('c-003', 'SEISS', 7500.00, DATE '2020-05-14')");

    assertThat(
            trino(
                "SELECT claim_id, scheme, amount, submitted_on FROM "
                    + table
                    + " ORDER BY claim_id"))
        .containsExactly(
            "c-001|SEISS|2500.00|2020-05-13",
            "c-002|CJRS|1875.50|2020-04-20",
            "c-003|SEISS|7500.00|2020-05-14");
    // Trino honours Spark's partitioning: one partition per scheme, with its row counts.
    assertThat(
            trino(
                "SELECT partition.scheme, record_count"
                    + " FROM mesh.claims.\"interop_spark_written$partitions\" ORDER BY 1"))
        .containsExactly("CJRS|1", "SEISS|2");
    long sparkSnapshot = sparkCurrentSnapshot(table);
    assertThat(trinoCurrentSnapshot("interop_spark_written")).isEqualTo(sparkSnapshot);
    assertThat(catalogCurrentSnapshot("interop_spark_written")).isEqualTo(sparkSnapshot);
  }

  @Test
  void sparkSeesTheRowsTrinoInserted() {
    String table = createSubmissions("interop_trino_appended");
    spark("INSERT INTO " + table + " VALUES ('c-101', 'BBL', 50000.00, DATE '2020-05-04')");
    long sparkSnapshot = sparkCurrentSnapshot(table);

    trinoUpdate(
        "INSERT INTO "
            + table
            + " VALUES ('c-102', 'SSP_REBATE', 95.85, DATE '2020-05-26'),"
            + " ('c-103', 'BBL', 12000.00, DATE '2020-05-05')");

    // A new query in Spark, no REFRESH TABLE: the session asks the catalog on every read.
    assertThat(spark("SELECT claim_id, scheme, amount FROM " + table + " ORDER BY claim_id"))
        .containsExactly("c-101|BBL|50000.00", "c-102|SSP_REBATE|95.85", "c-103|BBL|12000.00");
    long trinoSnapshot = trinoCurrentSnapshot("interop_trino_appended");
    assertThat(trinoSnapshot).isNotEqualTo(sparkSnapshot);
    assertThat(sparkCurrentSnapshot(table)).isEqualTo(trinoSnapshot);
    assertThat(catalogCurrentSnapshot("interop_trino_appended")).isEqualTo(trinoSnapshot);
    assertThat(
            admin
                .loadTable(TableIdentifier.of(CLAIMS, "interop_trino_appended"))
                .currentSnapshot()
                .parentId())
        .as("Trino's commit builds on Spark's")
        .isEqualTo(sparkSnapshot);
  }

  @Test
  void eachEngineTimeTravelsToTheOthersSnapshot() {
    String table = createSubmissions("interop_time_travel");
    spark("INSERT INTO " + table + " VALUES ('c-201', 'CJRS', 2500.00, DATE '2020-04-20')");
    long sparkSnapshot = sparkCurrentSnapshot(table);
    trinoUpdate("INSERT INTO " + table + " VALUES ('c-202', 'CJRS', 1200.00, DATE '2020-04-21')");
    long trinoSnapshot = trinoCurrentSnapshot("interop_time_travel");
    // A later correction by Spark, so both earlier snapshots are history, not the current state.
    spark("DELETE FROM " + table + " WHERE claim_id = 'c-201'");
    spark("INSERT INTO " + table + " VALUES ('c-203', 'SEISS', 3000.00, DATE '2020-05-13')");

    assertThat(trino("SELECT claim_id, amount FROM " + table + " ORDER BY claim_id"))
        .containsExactly("c-202|1200.00", "c-203|3000.00");
    assertThat(
            trino(
                "SELECT claim_id, amount FROM "
                    + table
                    + " FOR VERSION AS OF "
                    + sparkSnapshot
                    + " ORDER BY claim_id"))
        .as("Trino reads the snapshot Spark committed")
        .containsExactly("c-201|2500.00");
    assertThat(
            spark(
                "SELECT claim_id, amount FROM "
                    + table
                    + " VERSION AS OF "
                    + trinoSnapshot
                    + " ORDER BY claim_id"))
        .as("Spark reads the snapshot Trino committed")
        .containsExactly("c-201|2500.00", "c-202|1200.00");
    assertThat(catalogCurrentSnapshot("interop_time_travel"))
        .isEqualTo(sparkCurrentSnapshot(table))
        .isEqualTo(trinoCurrentSnapshot("interop_time_travel"))
        .isNotIn(sparkSnapshot, trinoSnapshot);
  }

  @Test
  void sparkReadsATableTrinoCreatedAsSelect() {
    String source = createSubmissions("interop_ctas_source");
    spark(
        "INSERT INTO "
            + source
            + " VALUES ('c-301', 'SEISS', 2500.00, DATE '2020-05-13'),"
            + " ('c-302', 'SEISS', 7500.00, DATE '2020-05-13'),"
            + " ('c-303', 'CJRS', 1875.50, DATE '2020-04-20')");
    spark("DROP TABLE IF EXISTS mesh.claims.interop_totals_by_scheme");

    trinoUpdate(
        "CREATE TABLE mesh.claims.interop_totals_by_scheme WITH (partitioning = ARRAY['scheme'])"
            + " AS SELECT scheme, count(*) AS submissions, sum(amount) AS total FROM "
            + source
            + " GROUP BY scheme");

    assertThat(spark("SHOW TABLES IN mesh.claims").stream().map(row -> row.split("\\|")[1]))
        .contains("interop_totals_by_scheme");
    assertThat(
            spark(
                "SELECT scheme, submissions, total FROM mesh.claims.interop_totals_by_scheme"
                    + " ORDER BY scheme"))
        .containsExactly("CJRS|1|1875.50", "SEISS|2|10000.00");
    long trinoSnapshot = trinoCurrentSnapshot("interop_totals_by_scheme");
    assertThat(sparkCurrentSnapshot("mesh.claims.interop_totals_by_scheme"))
        .isEqualTo(trinoSnapshot);
    assertThat(catalogCurrentSnapshot("interop_totals_by_scheme")).isEqualTo(trinoSnapshot);
  }

  @Test
  void trinoSeesSparksSchemaEvolution() {
    String table = createSubmissions("interop_evolved");
    spark("INSERT INTO " + table + " VALUES ('c-401', 'SEISS', 2500.00, DATE '2020-05-13')");
    assertThat(trino("SELECT claim_id, amount FROM " + table)).containsExactly("c-401|2500.00");

    spark("ALTER TABLE " + table + " ADD COLUMN channel STRING COMMENT 'ONLINE or PHONE'");
    spark(
        "INSERT INTO "
            + table
            + " VALUES ('c-402', 'SEISS', 3000.00, DATE '2020-05-14', 'ONLINE')");

    assertThat(
            trino(
                "SELECT column_name, data_type, comment FROM mesh.information_schema.columns"
                    + " WHERE table_schema = 'claims' AND table_name = 'interop_evolved'"
                    + " ORDER BY ordinal_position"))
        .containsExactly(
            "claim_id|varchar|null",
            "scheme|varchar|null",
            "amount|decimal(12,2)|null",
            "submitted_on|date|null",
            "channel|varchar|ONLINE or PHONE");
    // Rows written before the column existed read as NULL, as the Iceberg spec says.
    assertThat(trino("SELECT claim_id, channel FROM " + table + " ORDER BY claim_id"))
        .containsExactly("c-401|null", "c-402|ONLINE");
    assertThat(trinoCurrentSnapshot("interop_evolved"))
        .isEqualTo(catalogCurrentSnapshot("interop_evolved"));
  }

  /**
   * A fresh claim-submissions table made by Spark, partitioned by scheme; its full name. Names here
   * must not contain "aims": IcebergBadInputSuite checks that no such table exists in {@code
   * claims} of the same shared catalog.
   */
  private String createSubmissions(String name) {
    String table = "mesh.claims." + name;
    spark("DROP TABLE IF EXISTS " + table);
    spark(
        "CREATE TABLE "
            + table
            + " (claim_id STRING, scheme STRING, amount DECIMAL(12,2), submitted_on DATE)"
            + " USING iceberg PARTITIONED BY (scheme)");
    return table;
  }

  private long sparkCurrentSnapshot(String table) {
    return spark
        .sql(
            "SELECT snapshot_id FROM "
                + table
                + ".history WHERE is_current_ancestor ORDER BY made_current_at DESC LIMIT 1")
        .first()
        .getLong(0);
  }

  private long trinoCurrentSnapshot(String name) {
    return Long.parseLong(
        trino(
                "SELECT snapshot_id FROM mesh.claims.\""
                    + name
                    + "$history\" WHERE is_current_ancestor ORDER BY made_current_at DESC LIMIT 1")
            .get(0));
  }

  private long catalogCurrentSnapshot(String name) {
    return admin.loadTable(TableIdentifier.of(CLAIMS, name)).currentSnapshot().snapshotId();
  }

  /** Rows of a Spark query, each as its values joined by {@code |}. */
  private List<String> spark(String sql) {
    List<String> rows = new ArrayList<>();
    for (Row row : spark.sql(sql).collectAsList()) {
      rows.add(
          IntStream.range(0, row.length())
              .mapToObj(i -> String.valueOf(row.get(i)))
              .collect(Collectors.joining("|")));
    }
    return rows;
  }

  /** Rows of a Trino query, each as its values joined by {@code |}. */
  private List<String> trino(String sql) {
    try (Statement statement = trino.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      List<String> rows = new ArrayList<>();
      while (result.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          values.add(String.valueOf(result.getObject(i)));
        }
        rows.add(String.join("|", values));
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("Trino query failed: " + sql, e);
    }
  }

  private void trinoUpdate(String sql) {
    try (Statement statement = trino.createStatement()) {
      statement.executeUpdate(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Trino statement failed: " + sql, e);
    }
  }
}
