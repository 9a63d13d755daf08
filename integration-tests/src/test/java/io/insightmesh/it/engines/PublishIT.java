package io.insightmesh.it.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.contracts.spec.ProductDescriptors;
import io.insightmesh.it.harness.CatalogClients;
import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.Engines;
import io.insightmesh.sdk.contract.ContractViolationException;
import io.insightmesh.sdk.publish.CatalogConnection;
import io.insightmesh.sdk.publish.LineageEmitter;
import io.insightmesh.sdk.publish.LineageInput;
import io.insightmesh.sdk.publish.PublishRequest;
import io.insightmesh.sdk.publish.PublishResult;
import io.insightmesh.sdk.publish.Publisher;
import io.insightmesh.sdk.publish.QualityCheck;
import io.insightmesh.sdk.publish.QualityCheckFailedException;
import io.insightmesh.sdk.publish.QualityReport;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Write-audit-publish through the SDK against the real catalog and Spark: a good release is tagged,
 * recorded and visible; a release that breaks a quality rule leaves main untouched and says why
 * without personal data; a retry never duplicates; version bumps follow the contract.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublishIT {
  private static final TableIdentifier CLAIMS = TableIdentifier.of("claims", "wap_claims_v1");

  private CatalogServer catalog;
  private SparkSession spark;
  private Publisher claimsTeam;
  private RESTCatalog reader;
  // The shipped claims product under another name: the claims pipeline's tests own claims.claims.
  private final ProductDescriptor claims = renamed(ProductDescriptors.builtIn("claims.claims"));

  @BeforeAll
  void start() {
    catalog = Engines.catalog();
    spark = Engines.spark();
    claimsTeam =
        new Publisher(
            spark,
            new CatalogConnection(catalog.uri(), "claims-team", catalog.secret("claims-team")));
    reader = CatalogClients.iceberg(catalog, "analyst");
  }

  @AfterAll
  void stop() throws Exception {
    claimsTeam.close();
    reader.close();
  }

  @Test
  @Order(1)
  void aGoodReleaseIsStagedAuditedPublishedAndRecorded() {
    PublishResult result = claimsTeam.publish(request(claimsRows(40, ""), "1.0.0"));

    assertThat(result.alreadyPublished()).isFalse();
    assertThat(result.rowCount()).isEqualTo(40);
    assertThat(result.quality().passed()).isTrue();
    Table table = reader.loadTable(CLAIMS);
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(result.snapshotId());
    assertThat(table.refs().get("v1.0.0").snapshotId()).isEqualTo(result.snapshotId());
    assertThat(table.refs().keySet()).noneMatch(ref -> ref.startsWith("stage_"));
    assertThat(table.properties()).containsEntry("mesh.pii.nino", "nino");
    // The publishing commit marks the release until its lineage run completes (a rerun after a
    // lost registry answer completes it); completed here, no mark is left for readers to see.
    assertThat(table.properties().keySet())
        .noneMatch(key -> key.startsWith("mesh.release.pending-run."));
    org.apache.iceberg.TableOperations operations =
        ((org.apache.iceberg.HasTableOperations) table).operations();
    java.util.List<org.apache.iceberg.TableMetadata.MetadataLogEntry> versions =
        operations.current().previousFiles();
    assertThat(
            org.apache.iceberg.TableMetadataParser.read(
                    operations.io(), versions.get(versions.size() - 1).file())
                .properties())
        .as("the publishing commit, the version before")
        .containsKey("mesh.release.pending-run.v1.0.0");
    assertThat(
            spark
                .sql("SELECT count(*) FROM mesh.claims.wap_claims_v1 VERSION AS OF 'v1.0.0'")
                .first()
                .getLong(0))
        .isEqualTo(40);

    HttpResponse<String> releases =
        CatalogClients.send(
            catalog,
            "GET",
            "/api/v1/products/claims.wap_claims/releases",
            null,
            catalog.token("analyst"));
    assertThat(releases.body())
        .contains("\"version\":\"1.0.0\"")
        .contains("\"snapshotId\":" + result.snapshotId())
        .contains("unique(claim_id)");

    // Lineage: the publish job wrote the product from the landing files, column by column.
    HttpResponse<String> lineage =
        CatalogClients.send(
            catalog,
            "GET",
            "/api/v1/lineage?nodeId=dataset:claims.wap_claims&depth=1&direction=upstream&columns=true",
            null,
            catalog.token("analyst"));
    assertThat(lineage.statusCode()).as(lineage.body()).isEqualTo(200);
    assertThat(lineage.body())
        .contains("job:insight-mesh:publish.claims.wap_claims")
        .contains("/landing/wap_claims/1.0.0")
        .contains("\"column\":\"nino\"");
  }

  @Test
  @Order(2)
  void aReleaseThatBreaksARuleLeavesMainUntouchedAndSaysWhy() {
    long mainBefore = reader.loadTable(CLAIMS).currentSnapshot().snapshotId();

    assertThatThrownBy(() -> claimsTeam.publish(request(claimsRows(40, "broken"), "1.0.1")))
        .isInstanceOf(QualityCheckFailedException.class)
        .hasMessageContaining("Cannot publish claims.wap_claims 1.0.1")
        .hasMessageContaining("main is unchanged")
        .satisfies(
            failure -> {
              QualityReport report = ((QualityCheckFailedException) failure).report();
              assertThat(report.failures())
                  .extracting(QualityReport.RuleResult::rule)
                  .contains("regex(nino)", "unique(claim_id)", "range(amount_claimed)");
              QualityReport.RuleResult nino =
                  report.failures().stream()
                      .filter(r -> r.rule().equals("regex(nino)"))
                      .findFirst()
                      .orElseThrow();
              assertThat(nino.failing()).isEqualTo(1);
              // The failing row is named by its claim id, never by the NINO it holds.
              assertThat(nino.examples()).hasSize(1).allMatch(key -> key.startsWith("00000000-"));
              assertThat(report.text()).doesNotContain("XX000000");
              // Counted as the rows were staged, the results are those of reading the rows again.
              QualityReport read =
                  new QualityCheck(claims, rule -> Optional.empty(), Instant.now())
                      .run(claimsRows(40, "broken"));
              assertThat(report.rowCount()).isEqualTo(read.rowCount()).isEqualTo(40);
              assertThat(report.results())
                  .extracting(
                      QualityReport.RuleResult::rule,
                      QualityReport.RuleResult::passed,
                      QualityReport.RuleResult::failing,
                      QualityReport.RuleResult::examples)
                  .containsExactlyElementsOf(
                      read.results().stream()
                          .map(
                              result ->
                                  org.assertj.core.groups.Tuple.tuple(
                                      result.rule(),
                                      result.passed(),
                                      result.failing(),
                                      result.examples()))
                          .toList());
            });

    Table table = reader.loadTable(CLAIMS);
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(mainBefore);
    assertThat(table.refs()).doesNotContainKey("v1.0.1");
    assertThat(table.refs().keySet()).noneMatch(ref -> ref.startsWith("stage_"));
    HttpResponse<String> releases =
        CatalogClients.send(
            catalog,
            "GET",
            "/api/v1/products/claims.wap_claims/releases",
            null,
            catalog.token("analyst"));
    assertThat(releases.body()).doesNotContain("1.0.1");

    // The failed run is recorded with its per-rule results, and no personal value.
    HttpResponse<String> audits =
        CatalogClients.send(
            catalog,
            "GET",
            "/api/v1/lineage/jobs/insight-mesh/audit.claims.wap_claims/runs",
            null,
            catalog.token("analyst"));
    assertThat(audits.statusCode()).as(audits.body()).isEqualTo(200);
    assertThat(audits.body()).contains("\"state\":\"FAIL\"");
    HttpResponse<String> events =
        CatalogClients.send(
            catalog, "GET", "/api/v1/lineage/events?pageSize=10", null, catalog.token("analyst"));
    assertThat(events.body())
        .contains("audit.claims.wap_claims")
        .contains("\"assertion\":\"regex(nino)\",\"success\":false")
        .doesNotContain("XX000000X");
  }

  @Test
  @Order(2)
  void aReleaseWithNullsInRequiredColumnsIsRefusedWithTheirCounts() {
    long mainBefore = reader.loadTable(CLAIMS).currentSnapshot().snapshotId();

    assertThatThrownBy(() -> claimsTeam.publish(request(claimsRows(40, "nulls"), "1.0.1")))
        .isInstanceOf(QualityCheckFailedException.class)
        .hasMessageContaining("Cannot publish claims.wap_claims 1.0.1")
        .hasMessageContaining("main is unchanged")
        .satisfies(
            failure ->
                assertThat(((QualityCheckFailedException) failure).report().failures())
                    .extracting(QualityReport.RuleResult::rule, QualityReport.RuleResult::failing)
                    .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("required(nino)", 2L),
                        org.assertj.core.groups.Tuple.tuple("required(postcode)", 1L)));

    Table table = reader.loadTable(CLAIMS);
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(mainBefore);
    assertThat(table.refs()).doesNotContainKey("v1.0.1");
    assertThat(table.refs().keySet()).noneMatch(ref -> ref.startsWith("stage_"));
  }

  @Test
  @Order(3)
  void publishingTheSameReleaseAgainNeverDuplicates() {
    long before = spark.sql("SELECT count(*) FROM mesh.claims.wap_claims_v1").first().getLong(0);

    PublishResult again = claimsTeam.publish(request(claimsRows(40, ""), "1.0.0"));

    assertThat(again.alreadyPublished()).isTrue();
    assertThat(spark.sql("SELECT count(*) FROM mesh.claims.wap_claims_v1").first().getLong(0))
        .isEqualTo(before);
    HttpResponse<String> releases =
        CatalogClients.send(
            catalog,
            "GET",
            "/api/v1/products/claims.wap_claims/releases",
            null,
            catalog.token("analyst"));
    assertThat(releases.body().split("\"version\":\"1.0.0\"", -1)).hasSize(2);
  }

  @Test
  @Order(3)
  void aRunKilledAfterItsCommitIsCompletedByTheRerunInsteadOfLeftOpen() throws Exception {
    // What a publish killed between its commit and its COMPLETE leaves behind: the START of its
    // run in lineage, and the release's mark naming that run on the table.
    LineageEmitter.Run killed =
        new LineageEmitter(
                new CatalogConnection(catalog.uri(), "claims-team", catalog.secret("claims-team")),
                () -> catalog.token("claims-team"))
            .run("publish." + claims.id(), claims.id(), claims.table(), List.of());
    killed.start();
    CatalogClients.iceberg(catalog, "claims-team")
        .loadTable(CLAIMS)
        .updateProperties()
        .set("mesh.release.pending-run.v1.0.0", killed.id().toString())
        .commit();
    assertThat(publishRuns()).containsEntry(killed.id().toString(), "START");
    int runsBefore = publishRuns().size();

    PublishResult again = claimsTeam.publish(request(claimsRows(40, ""), "1.0.0"));

    assertThat(again.alreadyPublished()).isTrue();
    // The killed run itself is completed; no run of the rerun's own is started beside it.
    Map<String, String> runs = publishRuns();
    assertThat(runs).containsEntry(killed.id().toString(), "COMPLETE").hasSize(runsBefore);
    assertThat(reader.loadTable(CLAIMS).properties())
        .doesNotContainKey("mesh.release.pending-run.v1.0.0");
  }

  /** The runs of the product's publish job in lineage: run id to state. */
  private Map<String, String> publishRuns() throws Exception {
    HttpResponse<String> response =
        CatalogClients.send(
            catalog,
            "GET",
            "/api/v1/lineage/jobs/insight-mesh/publish." + claims.id() + "/runs?pageSize=200",
            null,
            catalog.token("analyst"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Map<String, String> runs = new LinkedHashMap<>();
    for (JsonNode run : new ObjectMapper().readTree(response.body()).path("runs")) {
      runs.put(run.path("runId").asText(), run.path("state").asText());
    }
    return runs;
  }

  @Test
  @Order(4)
  void aCrashAfterStagingIsRepairedByRunningAgain() {
    Table table = reader.loadTable(CLAIMS);
    // Runs that died after writing their staging branches, one named as this release names them
    // and one as releases before it did: the branches hold data main never saw.
    Table owned = CatalogClients.iceberg(catalog, "claims-team").loadTable(CLAIMS);
    for (String crashed : List.of("stage_v1_0_0_refresh1_r0123abcd", "stage_v1_0_0_refresh1")) {
      owned.manageSnapshots().createBranch(crashed).commit();
      spark.sql(
          "INSERT INTO mesh.claims.`wap_claims_v1`.branch_"
              + crashed
              + " SELECT * FROM mesh.claims.wap_claims_v1 LIMIT 5");
    }

    PublishResult result = claimsTeam.publish(request(claimsRows(45, ""), "1.0.0+refresh1"));

    assertThat(result.rowCount()).isEqualTo(45);
    assertThat(spark.sql("SELECT count(*) FROM mesh.claims.wap_claims_v1").first().getLong(0))
        .isEqualTo(45);
    assertThat(reader.loadTable(CLAIMS).refs().keySet()).noneMatch(ref -> ref.startsWith("stage_"));
    assertThat(table.uuid()).isEqualTo(reader.loadTable(CLAIMS).uuid());
  }

  @Test
  @Order(5)
  void aVersionBumpSmallerThanTheContractChangeIsRefused() {
    ProductDescriptor minorChange = withAgentReference();

    assertThatThrownBy(() -> claimsTeam.publish(request(minorChange, claimsRows(45, ""), "1.0.2")))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("agent_reference");

    int fieldId = reader.loadTable(CLAIMS).schema().findField("nino").fieldId();
    PublishResult minor = claimsTeam.publish(request(minorChange, claimsRows(45, ""), "1.1.0"));
    Table table = reader.loadTable(CLAIMS);
    assertThat(minor.table()).isEqualTo("claims.wap_claims_v1");
    assertThat(table.schema().findField("agent_reference")).isNotNull();
    assertThat(table.schema().findField("nino").fieldId()).isEqualTo(fieldId);
  }

  @Test
  @Order(6)
  void aReleaseSpanningProductsIsAllOrNothing() throws Exception {
    ProductDescriptor profiles = ProductDescriptors.builtIn("profiles.claimant_profiles");
    ProductDescriptor currentClaims = withAgentReference();
    long claimsMain = reader.loadTable(CLAIMS).currentSnapshot().snapshotId();

    try (Publisher admin =
        new Publisher(
            spark, new CatalogConnection(catalog.uri(), "admin", catalog.secret("admin")))) {
      // Profiles of claimants the claims release does not know: the reference rule fails.
      assertThatThrownBy(
              () ->
                  admin.publishAll(
                      List.of(
                          request(currentClaims, claimsRows(50, ""), "1.1.0+together"),
                          new PublishRequest(
                              profiles,
                              profileRows(10, 1000),
                              "1.0.0",
                              PublishRequest.Mode.OVERWRITE,
                              List.of()))))
          .isInstanceOf(QualityCheckFailedException.class)
          .hasMessageContaining("references(claimant_id -> claims.claims.claimant_id)");
    }

    Table table = reader.loadTable(CLAIMS);
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(claimsMain);
    assertThat(table.refs()).doesNotContainKey("v1.1.0+together");
  }

  /** Run by the first row the staging write reads in the test below, then cleared. */
  private static final java.util.concurrent.atomic.AtomicReference<Runnable> WHILE_STAGING =
      new java.util.concurrent.atomic.AtomicReference<>();

  @Test
  @Order(7)
  void aReleaseStagedBeforeAnotherCommitLandedIsNotPublished() {
    // Another writer's commit lands on main while this release is being written to its branch:
    // the publishing commit, built on main as it then was, would have put main back on the
    // branch and dropped the other commit's rows from it.
    Table owned = CatalogClients.iceberg(catalog, "claims-team").loadTable(CLAIMS);
    org.apache.iceberg.DataFile existing =
        owned.currentSnapshot().addedDataFiles(owned.io()).iterator().next();
    java.util.concurrent.atomic.AtomicLong landed = new java.util.concurrent.atomic.AtomicLong();
    WHILE_STAGING.set(
        () -> {
          owned.newFastAppend().appendFile(existing).commit();
          landed.set(owned.currentSnapshot().snapshotId());
        });
    org.apache.spark.sql.expressions.UserDefinedFunction meanwhile =
        org.apache.spark.sql.functions.udf(
            (org.apache.spark.sql.api.java.UDF1<String, String>)
                value -> {
                  Runnable commit = WHILE_STAGING.getAndSet(null);
                  if (commit != null) {
                    commit.run();
                  }
                  return value;
                },
            org.apache.spark.sql.types.DataTypes.StringType);
    Dataset<Row> rows =
        claimsRows(45, "")
            .withColumn(
                "claimant_id", meanwhile.apply(org.apache.spark.sql.functions.col("claimant_id")));

    assertThatThrownBy(() -> claimsTeam.publish(request(withAgentReference(), rows, "1.1.0+race")))
        .isInstanceOf(io.insightmesh.sdk.publish.PublishException.class)
        .hasMessageContaining("main moved while the release was staged");

    Table table = reader.loadTable(CLAIMS);
    assertThat(landed.get()).isPositive();
    assertThat(table.currentSnapshot().snapshotId())
        .as("the other commit stays on main")
        .isEqualTo(landed.get());
    assertThat(table.refs()).doesNotContainKey("v1.1.0+race");
    assertThat(table.refs().keySet()).noneMatch(ref -> ref.startsWith("stage_"));
  }

  @Test
  @Order(8)
  void aReleaseRefusedByItsChecksLeavesTheContractAndTheTableAsTheyWereAndIsCorrectedInPlace() {
    Table before = reader.loadTable(CLAIMS);
    // 1.2.0 adds a column its own rule requires, which no row fills.
    ProductDescriptor strict =
        withColumn("agent_region", ",\"quality\":[{\"rule\":\"not-null\"}]", "1.2.0");

    assertThatThrownBy(() -> claimsTeam.publish(request(strict, claimsRows(45, ""), "1.2.0")))
        .isInstanceOf(QualityCheckFailedException.class)
        .hasMessageContaining("not-null(agent_region)");

    Table after = reader.loadTable(CLAIMS);
    assertThat(after.schema().findField("agent_region")).isNull();
    assertThat(after.schema().sameSchema(before.schema())).isTrue();
    assertThat(after.properties()).containsEntry("mesh.contract.version", "1.1.0");
    assertThat(after.currentSnapshot().snapshotId())
        .isEqualTo(before.currentSnapshot().snapshotId());
    assertThat(product().path("contractVersion").asText()).isEqualTo("1.1.0");

    // The team corrects 1.2.0 (never released) and publishes it under the same version.
    ProductDescriptor corrected = withColumn("agent_area", "", "1.2.0");
    PublishResult published = claimsTeam.publish(request(corrected, claimsRows(45, ""), "1.2.0"));

    Table released = reader.loadTable(CLAIMS);
    assertThat(released.refs().get("v1.2.0").snapshotId()).isEqualTo(published.snapshotId());
    assertThat(released.schema().findField("agent_area")).isNotNull();
    assertThat(released.schema().findField("agent_region")).isNull();
    assertThat(product().path("contractVersion").asText()).isEqualTo("1.2.0");
    HttpResponse<String> contract =
        CatalogClients.send(
            catalog,
            "GET",
            "/api/v1/products/claims.wap_claims/contracts/1.2.0",
            null,
            catalog.token("analyst"));
    assertThat(contract.body()).contains("agent_area").doesNotContain("agent_region");
  }

  private com.fasterxml.jackson.databind.JsonNode product() {
    HttpResponse<String> product =
        CatalogClients.send(
            catalog, "GET", "/api/v1/products/claims.wap_claims", null, catalog.token("analyst"));
    assertThat(product.statusCode()).as(product.body()).isEqualTo(200);
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(product.body());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The contract of release 1.1.0 with one more optional string column, {@code extra} its tail. */
  private ProductDescriptor withColumn(String column, String extra, String version) {
    String contract = withAgentReference().contract().toString();
    int end = contract.lastIndexOf("]}");
    return claims.withContract(
        version,
        io.insightmesh.contracts.spec.ContractSpec.parse(
            contract.substring(0, end)
                + ",{\"name\":\""
                + column
                + "\",\"type\":[\"null\",\"string\"],\"default\":null,\"doc\":\"Where the agent"
                + " works.\""
                + extra
                + "}]}",
            "claims.wap_claims " + version));
  }

  /** The claims contract with the field the MINOR release of test 5 added. */
  private ProductDescriptor withAgentReference() {
    String contract = claims.contract().toString();
    int end = contract.lastIndexOf("]}");
    return withContract(
        contract.substring(0, end)
            + ",{\"name\":\"agent_reference\",\"type\":[\"null\",\"string\"],\"default\":null,"
            + "\"doc\":\"Reference of the agent who filed the claim.\"}]}");
  }

  private Dataset<Row> profileRows(int count, int firstClaimant) {
    return spark.sql(
        "SELECT concat('C', lpad(CAST(id + "
            + firstClaimant
            + " AS STRING), 7, '0')) AS claimant_id,"
            + " concat('AB', lpad(CAST(id AS STRING), 6, '0'), 'C') AS nino,"
            + " CAST(NULL AS DECIMAL(14,2)) AS prior_declared_income,"
            + " CAST(NULL AS DECIMAL(14,2)) AS paye_monthly_pay,"
            + " map('SEISS', 1) AS claims_per_scheme,"
            + " CAST(1000 AS DECIMAL(14,2)) AS total_claimed,"
            + " 0.5D AS max_claim_to_cap_ratio,"
            + " 0 AS shared_bank_account_claimants, 0 AS shared_device_claimants,"
            + " 0 AS shared_ip_claimants, 400 AS account_age_days,"
            + " CAST(NULL AS DATE) AS company_incorporated_on,"
            + " false AS incorporated_after_cutoff, false AS deceased,"
            + " current_timestamp() AS built_at, 'v1.1.0' AS claims_release"
            + " FROM range("
            + count
            + ")");
  }

  private PublishRequest request(Dataset<Row> rows, String version) {
    return request(claims, rows, version);
  }

  private static PublishRequest request(
      ProductDescriptor product, Dataset<Row> rows, String version) {
    return new PublishRequest(
        product,
        rows,
        version,
        PublishRequest.Mode.OVERWRITE,
        List.of(LineageInput.files("/landing/wap_claims/" + version, List.of(rows.columns()))));
  }

  private static ProductDescriptor renamed(ProductDescriptor shipped) {
    return new ProductDescriptor(
        "claims.wap_claims",
        shipped.domain(),
        "wap_claims",
        shipped.version(),
        shipped.description(),
        shipped.owner(),
        shipped.classification(),
        shipped.tags(),
        shipped.freshnessSla(),
        shipped.contract(),
        "wap_claims_v1",
        shipped.partitioning(),
        shipped.bloomFilterColumns(),
        shipped.inputs(),
        shipped.minRows(),
        shipped.maxRows(),
        shipped.freshness());
  }

  private ProductDescriptor withContract(String contract) {
    return claims.withContract(
        "1.1.0",
        io.insightmesh.contracts.spec.ContractSpec.parse(contract, "claims.wap_claims 1.1.0"));
  }

  /**
   * {@code count} plausible claims; {@code "broken"} makes one NINO invalid, one claim id a
   * duplicate and one amount negative.
   */
  private Dataset<Row> claimsRows(int count, String variant) {
    boolean broken = variant.equals("broken");
    boolean nulls = variant.equals("nulls");
    return spark.sql(
        "SELECT"
            + " concat('00000000-0000-4000-8000-', lpad(CAST("
            + (broken ? "IF(id = 7, 6, id)" : "id")
            + " AS STRING), 12, '0')) AS claim_id,"
            + " element_at(array('SEISS','CJRS','SSP_REBATE','BBL'), CAST(id % 4 AS INT) + 1) AS scheme,"
            + " current_timestamp() - make_interval(0, 0, 0, 0, CAST(id % 5 AS INT), 0, 0) AS submitted_at,"
            + " concat('C', lpad(CAST(id AS STRING), 7, '0')) AS claimant_id,"
            + " "
            + (broken ? "IF(id = 3, 'XX000000X', " : nulls ? "IF(id IN (5, 9), NULL, " : "(")
            + "concat('AB', lpad(CAST(id AS STRING), 6, '0'), 'C')) AS nino,"
            + " CAST(NULL AS STRING) AS utr,"
            + " CAST(NULL AS STRING) AS company_number,"
            + " concat('Claimant ', id) AS name,"
            + " DATE '1980-01-01' + CAST(id AS INT) AS date_of_birth,"
            + (nulls ? " IF(id = 8, NULL, 'SW1A 1AA') AS postcode," : " 'SW1A 1AA' AS postcode,")
            + " CAST(NULL AS STRING) AS email,"
            + " '112233' AS bank_sort_code,"
            + " lpad(CAST(10000000 + id AS STRING), 8, '0') AS bank_account_number,"
            + " CAST("
            + (broken ? "IF(id = 11, -5, 1000 + id)" : "1000 + id")
            + " AS DECIMAL(12,2)) AS amount_claimed,"
            + " CAST(NULL AS INT) AS employees,"
            + " CAST(NULL AS DATE) AS period_start,"
            + " CAST(NULL AS DATE) AS period_end,"
            + " 'ONLINE' AS channel,"
            + " CAST(NULL AS STRING) AS device_id,"
            + " CAST(NULL AS STRING) AS ip_address"
            + " FROM range("
            + count
            + ")");
  }
}
