package io.insightmesh.it.engines;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.it.harness.CatalogClients;
import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.Engines;
import io.insightmesh.products.claims.pipeline.ClaimsPipeline;
import io.insightmesh.sdk.publish.CatalogConnection;
import io.insightmesh.sdk.publish.PipelineInput;
import io.insightmesh.sdk.publish.PublishResult;
import io.insightmesh.sdk.publish.Publisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The claims pipeline on landing files with injected bad records: the good claims are published,
 * every bad record and repeat submission is listed in the rejects product with its reason, and both
 * releases land together.
 */
class ClaimsPipelineIT {
  @TempDir Path landing;

  @Test
  void goodClaimsArePublishedAndEveryRejectIsListedWithItsReason() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      lines.append(claim(i, now, Map.of())).append('\n');
    }
    lines.append(claim(4, now.plusSeconds(30), Map.of())).append('\n'); // resubmitted
    lines.append(claim(100, now, Map.of("nino", "\"NOT-A-NINO\""))).append('\n');
    lines.append(claim(101, now, Map.of("submitted_at", "null"))).append('\n');
    lines.append(claim(102, now, Map.of("date_of_birth", "\"31/02/1980\""))).append('\n');
    lines.append(claim(103, now, Map.of("amount_claimed", "-5"))).append('\n');
    lines.append(claim(104, now, Map.of("scheme", "\"HOLIDAY\""))).append('\n');
    // What Spark's lenient casts would have stored as something else.
    lines.append(claim(105, now, Map.of("date_of_birth", "\"1975\""))).append('\n');
    lines.append(claim(106, now, Map.of("submitted_at", "\"2020-05-13 08:00:00\""))).append('\n');
    lines.append(claim(107, now, Map.of("amount_claimed", "12.345"))).append('\n');
    lines.append(claim(108, now, Map.of("employees", "\"12.7\""))).append('\n');
    lines.append(claim(109, now, Map.of("claim_id", "\"AB123456C\""))).append('\n');
    Files.writeString(landing.resolve("part-00000.jsonl"), lines.toString());

    CatalogServer catalog = Engines.catalog();
    SparkSession spark = Engines.spark();
    List<PublishResult> results;
    try (Publisher publisher =
        new Publisher(
            spark,
            new CatalogConnection(catalog.uri(), "claims-team", catalog.secret("claims-team")))) {
      results =
          publisher.publishAll(
              new ClaimsPipeline()
                  .releases(spark, new PipelineInput(landing, "json", "1.0.0", Map.of())));
    }

    assertThat(results)
        .extracting(PublishResult::product)
        .containsExactly("claims.claims", "claims.claims_rejects");
    assertThat(results.get(0).rowCount()).isEqualTo(20);
    assertThat(results.get(1).rowCount()).isEqualTo(11);

    Map<String, String> reasons =
        spark
            .sql(
                "SELECT claim_id, concat_ws('; ', reasons) FROM mesh.claims.claims_rejects_v1 VERSION AS OF 'v"
                    + results.get(1).version()
                    + "'")
            .collectAsList()
            .stream()
            .collect(Collectors.toMap(row -> row.getString(0), row -> row.getString(1)));
    assertThat(reasons)
        .containsEntry(id(4), "claim_id: duplicate submission of an earlier record")
        .containsEntry(id(100), "nino: does not match the contract's pattern")
        .containsEntry(id(101), "submitted_at: missing")
        .containsEntry(id(102), "date_of_birth: not a valid date")
        .containsEntry(id(103), "amount_claimed: outside its allowed range")
        .containsEntry(id(104), "scheme: not one of [SEISS, CJRS, SSP_REBATE, BBL]")
        .containsEntry(id(105), "date_of_birth: not a valid date")
        .containsEntry(id(106), "submitted_at: not a valid timestamp")
        .containsEntry(id(107), "amount_claimed: more than 2 decimal places")
        .containsEntry(id(108), "employees: not a valid int")
        // A malformed claim id is not copied into the rejects: it may be personal data.
        .containsEntry(null, "claim_id: does not match the contract's pattern");
    assertThat(String.join(" ", reasons.values()))
        .doesNotContain("NOT-A-NINO")
        .doesNotContain("HOLIDAY");
    assertThat(reasons.keySet()).doesNotContain("AB123456C");

    List<Row> published =
        spark
            .sql("SELECT claim_id FROM mesh.claims.claims_v1 VERSION AS OF 'v1.0.0'")
            .collectAsList();
    assertThat(published).hasSize(20);
    try (RESTCatalog reader = CatalogClients.iceberg(catalog, "analyst")) {
      var claims =
          reader.loadTable(org.apache.iceberg.catalog.TableIdentifier.of("claims", "claims_v1"));
      assertThat(claims.spec().fields())
          .extracting(field -> field.name())
          .contains("submitted_at_day", "scheme");
      // A lookup by claim id skips the files that cannot hold it: every file has a bloom filter.
      try (var files = claims.newScan().planFiles()) {
        for (var task : files) {
          try (var footer =
              org.apache.parquet.hadoop.ParquetFileReader.open(
                  org.apache.parquet.hadoop.util.HadoopInputFile.fromPath(
                      new org.apache.hadoop.fs.Path(task.file().location()),
                      new org.apache.hadoop.conf.Configuration()))) {
            assertThat(footer.getFooter().getBlocks())
                .allSatisfy(
                    block ->
                        assertThat(block.getColumns())
                            .filteredOn(column -> column.getPath().toDotString().equals("claim_id"))
                            .singleElement()
                            .satisfies(
                                column ->
                                    assertThat(column.getBloomFilterOffset()).isNotNegative()));
          }
        }
      }
    }
  }

  @Test
  void avroLandingInstantsSurviveASessionOutsideUtc() throws Exception {
    SparkSession spark = Engines.spark();
    // The night the UK's clocks go back: 00:30Z and 01:30Z are both 01:30 in London.
    List<Instant> submitted =
        List.of(Instant.parse("2020-10-25T00:30:00Z"), Instant.parse("2020-10-25T01:30:00Z"));
    Path json = landing.resolve("typed.jsonl");
    Files.writeString(
        json,
        claim(200, submitted.get(0), Map.of()) + "\n" + claim(201, submitted.get(1), Map.of()));
    String zone = spark.conf().get("spark.sql.session.timeZone");
    try {
      spark.conf().set("spark.sql.session.timeZone", "UTC");
      spark
          .read()
          .json(json.toString())
          .selectExpr(
              "claim_id",
              "scheme",
              "to_timestamp(submitted_at) AS submitted_at",
              "claimant_id",
              "nino",
              "name",
              "to_date(date_of_birth) AS date_of_birth",
              "postcode",
              "bank_sort_code",
              "bank_account_number",
              "CAST(amount_claimed AS DECIMAL(12, 2)) AS amount_claimed",
              "channel")
          .write()
          .format("avro")
          .save(landing.resolve("avro").toString());

      spark.conf().set("spark.sql.session.timeZone", "Europe/London");
      List<Long> published =
          new ClaimsPipeline()
                  .releases(
                      spark, new PipelineInput(landing.resolve("avro"), "avro", "1.0.0", Map.of()))
                  .get(0)
                  .data()
                  .selectExpr("unix_micros(submitted_at)")
                  .orderBy("unix_micros(submitted_at)")
                  .collectAsList()
                  .stream()
                  .map(row -> row.getLong(0))
                  .toList();

      assertThat(published)
          .containsExactly(
              submitted.get(0).toEpochMilli() * 1000, submitted.get(1).toEpochMilli() * 1000);
    } finally {
      spark.conf().set("spark.sql.session.timeZone", zone);
    }
  }

  private static String id(int index) {
    return String.format("00000000-0000-4000-8000-%012d", index);
  }

  private static String claim(int index, Instant submitted, Map<String, String> overrides) {
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    fields.put("claim_id", "\"" + id(index) + "\"");
    fields.put("scheme", "\"SEISS\"");
    fields.put("submitted_at", "\"" + submitted + "\"");
    fields.put("claimant_id", "\"C" + String.format("%07d", index) + "\"");
    fields.put("nino", "\"" + String.format("AB%06dC", index) + "\"");
    fields.put("name", "\"Claimant " + index + "\"");
    fields.put("date_of_birth", "\"1980-01-02\"");
    fields.put("postcode", "\"SW1A 1AA\"");
    fields.put("bank_sort_code", "\"112233\"");
    fields.put("bank_account_number", "\"" + String.format("%08d", 10_000_000 + index) + "\"");
    fields.put("amount_claimed", String.valueOf(1000 + index));
    fields.put("channel", "\"ONLINE\"");
    fields.putAll(overrides);
    return fields.entrySet().stream()
        .map(entry -> "\"" + entry.getKey() + "\":" + entry.getValue())
        .collect(Collectors.joining(",", "{", "}"));
  }
}
