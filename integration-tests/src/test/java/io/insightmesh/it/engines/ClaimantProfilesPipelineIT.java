package io.insightmesh.it.engines;

import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.map_entries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.it.harness.CatalogClients;
import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.Engines;
import io.insightmesh.products.claims.pipeline.ClaimsPipeline;
import io.insightmesh.products.profiles.pipeline.ClaimantProfilesPipeline;
import io.insightmesh.sdk.publish.CatalogConnection;
import io.insightmesh.sdk.publish.PipelineInput;
import io.insightmesh.sdk.publish.PublishRequest;
import io.insightmesh.sdk.publish.PublishResult;
import io.insightmesh.sdk.publish.Publisher;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The claimant-profiles pipeline on a small claims release with hand-made fraud patterns and
 * reference registers: a full build publishes the features the contract documents, and an
 * incremental refresh to the next claims release recomputes only the claimants it can affect and
 * publishes exactly the rows a full rebuild gives.
 *
 * <p>The claims are published under data-refresh versions of their own ({@code
 * 1.0.0+profiles-it-<n>}), so this test shares the catalog with the claims pipeline's tests in any
 * order.
 */
class ClaimantProfilesPipelineIT {
  private static final String CLAIMS_1 = "1.0.0+profiles-it-1";
  private static final String CLAIMS_2 = "1.0.0+profiles-it-2";
  private static final String READER = "profiles_it";
  private static final String PROFILES = READER + ".profiles.claimant_profiles_v1";

  @TempDir Path work;

  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);

  @Test
  void fullBuildPublishesTheFeaturesAndAnIncrementalRefreshEqualsAFullRebuild() throws Exception {
    CatalogServer catalog = Engines.catalog();
    SparkSession spark = Engines.spark();
    CatalogConnection profilesTeam =
        new CatalogConnection(catalog.uri(), "profiles-team", catalog.secret("profiles-team"));
    profilesTeam.register(spark, READER);
    Path input = work.resolve("profiles-input");
    writeReference(input.resolve("reference"));

    // Release 1 of the claims, and the profiles built from it in full.
    publishClaims(spark, catalog, CLAIMS_1, claimsRelease1());
    PublishResult full;
    try (Publisher publisher = new Publisher(spark, profilesTeam)) {
      full =
          publisher.publish(
              profiles(
                  spark, input, CLAIMS_1, Map.of("claims-release", CLAIMS_1, "catalog", READER)));
    }
    assertThat(full.alreadyPublished()).isFalse();
    assertThat(full.rowCount()).isEqualTo(13);
    Map<String, Row> first = byClaimant(spark.read().option("tag", "v" + CLAIMS_1).table(PROFILES));

    // Three unrelated claimants paid into one account: each shares it with the two others.
    for (String claimant : List.of("P001", "P002", "P003")) {
      assertThat(first.get(claimant).<Integer>getAs("shared_bank_account_claimants"))
          .as(claimant)
          .isEqualTo(2);
    }
    // A sole trader and their company (one NINO) share an account: they are related. The sole
    // trader also paid into P011's account: P011 counts once for them, and they for P011.
    assertThat(first.get("P004").<Integer>getAs("shared_bank_account_claimants")).isEqualTo(1);
    assertThat(first.get("P005").<Integer>getAs("shared_bank_account_claimants")).isZero();
    assertThat(first.get("P011").<Integer>getAs("shared_bank_account_claimants")).isEqualTo(1);

    Row p001 = first.get("P001");
    assertThat(p001.<String>getAs("nino")).isEqualTo("AA000001A");
    assertThat(p001.<BigDecimal>getAs("prior_declared_income"))
        .isEqualByComparingTo("25000.00"); // 2016-17 to 2018-19 only
    assertThat(p001.<Integer>getAs("account_age_days"))
        .isEqualTo(days(LocalDate.of(2015, 4, 6), LocalDate.of(2020, 5, 13)));
    assertThat(p001.<BigDecimal>getAs("total_claimed")).isEqualByComparingTo("3000.00");
    assertThat(p001.<Double>getAs("max_claim_to_cap_ratio")).isEqualTo(0.4);
    assertThat(p001.getJavaMap(p001.fieldIndex("claims_per_scheme")))
        .isEqualTo(Map.of("SEISS", 1, "CJRS", 0, "SSP_REBATE", 0, "BBL", 0));
    assertThat(p001.<String>getAs("claims_release")).isEqualTo("v" + CLAIMS_1);

    Row p003 = first.get("P003");
    assertThat(p003.getJavaMap(p003.fieldIndex("claims_per_scheme")))
        .isEqualTo(Map.of("SEISS", 2, "CJRS", 0, "SSP_REBATE", 0, "BBL", 1));
    assertThat(p003.<BigDecimal>getAs("total_claimed")).isEqualByComparingTo("34100.00");
    assertThat(p003.<BigDecimal>getAs("prior_declared_income")).isEqualByComparingTo("12345.67");

    // A company incorporated after the 19 March 2020 cut-off.
    Row p005 = first.get("P005");
    assertThat(p005.<java.sql.Date>getAs("company_incorporated_on"))
        .isEqualTo(java.sql.Date.valueOf("2020-05-01"));
    assertThat(p005.<Boolean>getAs("incorporated_after_cutoff")).isTrue();
    assertThat(first.get("P009").<Boolean>getAs("incorporated_after_cutoff")).isFalse();
    assertThat(first.get("P001").<java.sql.Date>getAs("company_incorporated_on")).isNull();
    assertThat(first.get("P001").<Boolean>getAs("incorporated_after_cutoff")).isFalse();

    // Dead before the claim; dead only after claiming; not on the register.
    assertThat(first.get("P006").<Boolean>getAs("deceased")).isTrue();
    assertThat(first.get("P007").<Boolean>getAs("deceased")).isFalse();
    assertThat(first.get("P001").<Boolean>getAs("deceased")).isFalse();

    // Over the cap: a £9,000 SEISS grant (cap £7,500), £6,000 furlough for 2 employees for a month
    // (cap £5,000).
    assertThat(first.get("P008").<Double>getAs("max_claim_to_cap_ratio")).isEqualTo(1.2);
    Row p009 = first.get("P009");
    assertThat(p009.<Double>getAs("max_claim_to_cap_ratio")).isEqualTo(1.2);
    // The SSP rebate claim states no employees: the employer's PAYE headcount (2) caps it.
    assertThat(p009.getJavaMap(p009.fieldIndex("claims_per_scheme")))
        .isEqualTo(Map.of("SEISS", 0, "CJRS", 1, "SSP_REBATE", 1, "BBL", 0));
    assertThat(first.get("P014").<Double>getAs("max_claim_to_cap_ratio")).isEqualTo(1.0);
    assertThat(p009.<BigDecimal>getAs("paye_monthly_pay")).isEqualByComparingTo("2100.00");
    assertThat(p009.<Integer>getAs("account_age_days"))
        .isEqualTo(days(LocalDate.of(2019, 12, 1), LocalDate.of(2020, 4, 20)));
    assertThat(p009.<BigDecimal>getAs("prior_declared_income")).isNull();
    assertThat(first.get("P010").<Integer>getAs("account_age_days")).isNull();

    // One device behind two claimants, one IP address behind three; P010 also claimed from P012's
    // device.
    assertThat(first.get("P010").<Integer>getAs("shared_device_claimants")).isEqualTo(2);
    assertThat(first.get("P011").<Integer>getAs("shared_device_claimants")).isEqualTo(1);
    assertThat(first.get("P012").<Integer>getAs("shared_device_claimants")).isEqualTo(1);
    assertThat(first.get("P010").<Integer>getAs("shared_ip_claimants")).isEqualTo(2);
    assertThat(first.get("P012").<Integer>getAs("shared_ip_claimants")).isEqualTo(2);
    assertThat(first.get("P001").<Integer>getAs("shared_ip_claimants")).isZero();

    // Release 2 of the claims: P002 moves to an account of their own, P008's claim is withdrawn,
    // a new claimant P013 submits from the busy IP address, P006's postcode is corrected.
    publishClaims(spark, catalog, CLAIMS_2, claimsRelease2());
    Map<String, String> incremental =
        Map.of(
            "claims-release", CLAIMS_2,
            "mode", "incremental",
            "since-release", CLAIMS_1,
            "catalog", READER);
    PublishResult refreshed;
    try (Publisher publisher = new Publisher(spark, profilesTeam)) {
      refreshed = publisher.publish(profiles(spark, input, CLAIMS_2, incremental));
    }
    assertThat(refreshed.rowCount()).isEqualTo(13);
    Dataset<Row> refreshedRows = spark.read().option("tag", "v" + CLAIMS_2).table(PROFILES);

    // Incremental equals full: the same rows, every column but built_at.
    Dataset<Row> rebuilt =
        new ClaimantProfilesPipeline()
            .releases(
                spark,
                new PipelineInput(
                    input, "json", CLAIMS_2, Map.of("claims-release", CLAIMS_2, "catalog", READER)))
            .get(0)
            .data();
    assertThat(comparable(refreshedRows)).containsExactlyElementsOf(comparable(rebuilt));

    Map<String, Row> second = byClaimant(refreshedRows);
    assertThat(second).doesNotContainKey("P008").containsKey("P013");
    assertThat(second.get("P001").<Integer>getAs("shared_bank_account_claimants")).isEqualTo(1);
    assertThat(second.get("P002").<Integer>getAs("shared_bank_account_claimants")).isZero();
    assertThat(second.get("P003").<Integer>getAs("shared_bank_account_claimants")).isEqualTo(1);
    assertThat(second.get("P010").<Integer>getAs("shared_ip_claimants")).isEqualTo(3);
    assertThat(second.get("P013").<Integer>getAs("shared_ip_claimants")).isEqualTo(3);
    assertThat(second.values())
        .extracting(row -> row.<String>getAs("claims_release"))
        .containsOnly("v" + CLAIMS_2);

    // Only the affected claimants were recomputed: the others keep the row the full build made.
    for (String kept : List.of("P004", "P005", "P006", "P007", "P009", "P014")) {
      assertThat(second.get(kept).<Timestamp>getAs("built_at"))
          .as(kept)
          .isEqualTo(first.get(kept).<Timestamp>getAs("built_at"));
    }
    for (String recomputed : List.of("P001", "P002", "P003", "P010", "P011", "P012", "P013")) {
      assertThat(second.get(recomputed).<Timestamp>getAs("built_at"))
          .as(recomputed)
          .isAfter(first.get("P001").<Timestamp>getAs("built_at"));
    }

    // Both releases are tagged and recorded; the refresh was not built from stale profiles.
    HttpResponse<String> releases =
        CatalogClients.send(
            catalog,
            "GET",
            "/api/v1/products/profiles.claimant_profiles/releases",
            null,
            catalog.token("profiles-team"));
    assertThat(releases.statusCode()).isEqualTo(200);
    assertThat(releases.body())
        .contains("\"version\":\"" + CLAIMS_1 + "\"")
        .contains("\"version\":\"" + CLAIMS_2 + "\"")
        .contains("\"tag\":\"v" + CLAIMS_2 + "\"");
    // The same refresh again (a re-run, or one after a crash before the registry heard of it) is
    // found published, not refused because the profiles are already the refreshed ones.
    try (Publisher publisher = new Publisher(spark, profilesTeam)) {
      PublishResult again = publisher.publish(profiles(spark, input, CLAIMS_2, incremental));
      assertThat(again.alreadyPublished()).isTrue();
      assertThat(again.rowCount()).isEqualTo(13);
    }
    // Profiles of another claims release than the refresh starts from are refused.
    assertThatThrownBy(
            () ->
                new ClaimantProfilesPipeline()
                    .releases(
                        spark,
                        new PipelineInput(
                            input,
                            "json",
                            "1.0.0+profiles-it-3",
                            Map.of(
                                "claims-release", CLAIMS_1,
                                "mode", "incremental",
                                "since-release", CLAIMS_1,
                                "catalog", READER))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the current profiles were built from [v" + CLAIMS_2 + "]");
  }

  private static int days(LocalDate from, LocalDate to) {
    return (int) ChronoUnit.DAYS.between(from, to);
  }

  private PublishRequest profiles(
      SparkSession spark, Path input, String version, Map<String, String> options) {
    List<PublishRequest> requests =
        new ClaimantProfilesPipeline()
            .releases(spark, new PipelineInput(input, "json", version, options));
    assertThat(requests).hasSize(1);
    return requests.get(0);
  }

  private void publishClaims(
      SparkSession spark, CatalogServer catalog, String version, List<String> claims)
      throws Exception {
    Path landing = Files.createDirectories(work.resolve("landing-" + version));
    Files.write(landing.resolve("part-00000.jsonl"), claims);
    try (Publisher publisher =
        new Publisher(
            spark,
            new CatalogConnection(catalog.uri(), "claims-team", catalog.secret("claims-team")))) {
      List<PublishResult> results =
          publisher.publishAll(
              new ClaimsPipeline()
                  .releases(spark, new PipelineInput(landing, "json", version, Map.of())));
      assertThat(results.get(0).rowCount()).isEqualTo(claims.size());
    }
  }

  /** Rows as text, sorted, without built_at; the map as sorted entries. */
  private static List<String> comparable(Dataset<Row> profiles) {
    return profiles
        .drop("built_at")
        .withColumn("claims_per_scheme", array_sort(map_entries(col("claims_per_scheme"))))
        .orderBy(col("claimant_id"))
        .collectAsList()
        .stream()
        .map(Row::toString)
        .toList();
  }

  private static Map<String, Row> byClaimant(Dataset<Row> profiles) {
    return profiles.collectAsList().stream()
        .collect(Collectors.toMap(row -> row.<String>getAs("claimant_id"), Function.identity()));
  }

  private List<String> claimsRelease1() {
    List<String> claims = new ArrayList<>();
    // Three unrelated claimants paid into one account; P003 claims twice and takes a loan.
    claims.add(claim(1, "P001", "AA000001A", "SEISS", "3000", "90000001", Map.of()));
    claims.add(claim(2, "P002", "AA000002A", "SEISS", "2500", "90000001", Map.of()));
    claims.add(claim(3, "P003", "AA000003A", "SEISS", "2000", "90000001", Map.of()));
    claims.add(claim(4, "P003", "AA000003A", "SEISS", "2100", "90000001", Map.of()));
    claims.add(claim(5, "P003", "AA000003A", "BBL", "30000", "90000001", Map.of()));
    // A sole trader and their company, incorporated after the cut-off.
    claims.add(claim(6, "P004", "AA000004A", "SEISS", "4000", "90000004", Map.of()));
    claims.add(
        claim(
            7,
            "P005",
            "AA000004A",
            "BBL",
            "40000",
            "90000004",
            Map.of("company_number", "\"12345678\"")));
    // Dead before claiming; dead only after claiming.
    claims.add(claim(8, "P006", "AA000006A", "SEISS", "5000", "90000006", Map.of()));
    claims.add(
        claim(
            9,
            "P007",
            "AA000007A",
            "SEISS",
            "5000",
            "90000007",
            Map.of("submitted_at", "\"" + now.minus(3, ChronoUnit.DAYS) + "\"")));
    // Over the caps.
    claims.add(claim(10, "P008", "AA000008A", "SEISS", "9000", "90000008", Map.of()));
    claims.add(
        claim(
            11,
            "P009",
            "AA000009A",
            "CJRS",
            "6000",
            "90000009",
            Map.of(
                "company_number", "\"87654321\"",
                "employees", "2",
                "period_start", "\"2020-04-01\"",
                "period_end", "\"2020-04-30\"")));
    claims.add(
        claim(
            12,
            "P009",
            "AA000009A",
            "SSP_REBATE",
            "383.40",
            "90000009",
            Map.of("company_number", "\"87654321\"")));
    // The sole trader's second grant, paid into P011's account.
    claims.add(claim(18, "P004", "AA000004A", "SEISS", "3000", "90000011", Map.of()));
    // At the cap: furlough from 23 March to 15 April is 9/31 + 15/30 of a month.
    claims.add(
        claim(
            17,
            "P014",
            "AA000014A",
            "CJRS",
            "1975.81",
            "90000014",
            Map.of(
                "employees", "1",
                "period_start", "\"2020-03-23\"",
                "period_end", "\"2020-04-15\"")));
    // One device behind two claimants, one IP address behind three.
    claims.add(
        claim(
            13,
            "P010",
            "AA000010A",
            "SEISS",
            "1000",
            "90000010",
            Map.of("device_id", "\"device-shared\"", "ip_address", "\"198.51.100.7\"")));
    claims.add(
        claim(
            14,
            "P011",
            "AA000011A",
            "SEISS",
            "1000",
            "90000011",
            Map.of("device_id", "\"device-shared\"", "ip_address", "\"198.51.100.7\"")));
    claims.add(
        claim(
            15,
            "P012",
            "AA000012A",
            "SEISS",
            "1000",
            "90000012",
            Map.of("ip_address", "\"198.51.100.7\"")));
    claims.add(
        claim(
            19,
            "P010",
            "AA000010A",
            "SEISS",
            "1200",
            "90000010",
            Map.of("device_id", "\"device-P012\"", "ip_address", "\"198.51.100.7\"")));
    return claims;
  }

  private List<String> claimsRelease2() {
    List<String> claims = new ArrayList<>(claimsRelease1());
    claims.set(1, claim(2, "P002", "AA000002A", "SEISS", "2500", "90000002", Map.of()));
    claims.set(
        7,
        claim(
            8,
            "P006",
            "AA000006A",
            "SEISS",
            "5000",
            "90000006",
            Map.of("postcode", "\"LS1 4AP\"")));
    claims.remove(9); // P008's claim, withdrawn
    claims.add(
        claim(
            16,
            "P013",
            "AA000013A",
            "SEISS",
            "1000",
            "90000013",
            Map.of("ip_address", "\"198.51.100.7\"")));
    return claims;
  }

  private void writeReference(Path directory) throws Exception {
    Files.createDirectories(directory);
    Files.write(
        directory.resolve("self_assessment.jsonl"),
        List.of(
            sa("AA000001A", "\"2015-16\"", "10000.00"),
            sa("AA000001A", "\"2016-17\"", "20000.00"),
            sa("AA000001A", "\"2017-18\"", "25000.00"),
            sa("AA000001A", "\"2018-19\"", "30000.00"),
            sa("AA000001A", "\"2019-20\"", "90000.00"),
            // The year it starts in, and a number, are read too.
            sa("AA000003A", "2018", "12345.67")));
    Files.write(
        directory.resolve("paye_employment.jsonl"),
        List.of(
            paye("2019-12", 2, "4000.00"),
            paye("2020-01", 2, "4200.00"),
            paye("2020-02", 2, "4400.00"),
            paye("2020-04", 2, "1000.00"))); // after the scheme started: not the CJRS basis
    Files.write(
        directory.resolve("companies.jsonl"),
        List.of(
            "{\"company_number\":\"12345678\",\"name\":\"Late Start Ltd\","
                + "\"incorporated_on\":\"2020-05-01\",\"status\":\"active\"}",
            "{\"company_number\":\"87654321\",\"name\":\"Old Hand Ltd\","
                + "\"incorporated_on\":\"2015-06-01\",\"status\":\"active\"}"));
    Files.write(
        directory.resolve("deceased.jsonl"),
        List.of(
            "{\"nino\":\"AA000006A\",\"date_of_death\":\"2020-01-10\"}",
            "{\"nino\":\"AA000007A\",\"date_of_death\":\"" + today.minusDays(1) + "\"}"));
  }

  private static String sa(String nino, String taxYear, String profit) {
    return "{\"nino\":\""
        + nino
        + "\",\"utr\":\"1234567890\",\"tax_year\":"
        + taxYear
        + ",\"trading_profit\":"
        + profit
        + "}";
  }

  private static String paye(String month, int employees, String grossPay) {
    return "{\"employer_reference\":\"120/AB12345\",\"company_number\":\"87654321\",\"month\":\""
        + month
        + "\",\"employees\":"
        + employees
        + ",\"gross_pay\":"
        + grossPay
        + "}";
  }

  private String claim(
      int index,
      String claimant,
      String nino,
      String scheme,
      String amount,
      String account,
      Map<String, String> overrides) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("claim_id", "\"" + String.format("00000000-0000-4000-9000-%012d", index) + "\"");
    fields.put("scheme", "\"" + scheme + "\"");
    fields.put("submitted_at", "\"" + now.minus(index, ChronoUnit.MINUTES) + "\"");
    fields.put("claimant_id", "\"" + claimant + "\"");
    fields.put("nino", "\"" + nino + "\"");
    fields.put("name", "\"Claimant " + claimant + "\"");
    fields.put("date_of_birth", "\"1975-06-15\"");
    fields.put("postcode", "\"SW1A 1AA\"");
    fields.put("bank_sort_code", "\"112233\"");
    fields.put("bank_account_number", "\"" + account + "\"");
    fields.put("amount_claimed", amount);
    fields.put("channel", "\"ONLINE\"");
    fields.put("device_id", "\"device-" + claimant + "\"");
    fields.put("ip_address", "\"203.0.113." + index + "\"");
    fields.putAll(overrides);
    return fields.entrySet().stream()
        .map(entry -> "\"" + entry.getKey() + "\":" + entry.getValue())
        .collect(Collectors.joining(",", "{", "}"));
  }
}
