package io.insightmesh.sdk.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.contracts.spec.ProductDescriptors;
import io.insightmesh.sdk.testing.TestSpark;
import java.time.Instant;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class QualityCheckTest {
  private static final String REFERENCES = "references(claim_id -> claims.claims.claim_id)";

  private final SparkSession spark = TestSpark.session();
  private final ProductDescriptor decisions = ProductDescriptors.builtIn("risk.decisions");
  private final ProductDescriptor claims = ProductDescriptors.builtIn("claims.claims");

  /** Before claims.claims has a release there is nothing a claim id could be found in. */
  private final QualityCheck beforeAnyClaimsRelease =
      new QualityCheck(decisions, rule -> Optional.empty(), Instant.now());

  @Test
  void referencesHoldWhenNoValueReferencesTheUnreleasedProduct() {
    QualityReport.RuleResult empty = references(decisions(0, 0));
    QualityReport.RuleResult allNull = references(decisions(0, 3));

    assertThat(empty.passed()).isTrue();
    assertThat(empty.failing()).isZero();
    assertThat(allNull.passed()).isTrue();
    assertThat(allNull.failing()).isZero();
    assertThat(allNull.detail()).isEqualTo("no value to check; claims.claims has no release yet");
  }

  @Test
  void referencesFailForEveryValueTheUnreleasedProductCannotHold() {
    QualityReport.RuleResult result = references(decisions(2, 3));

    assertThat(result.passed()).isFalse();
    assertThat(result.failing()).isEqualTo(2);
    // The decisions' claim_id has no pattern of its own: a misplaced NINO would look no different.
    assertThat(result.examples()).isEmpty();
    assertThat(result.detail())
        .isEqualTo(
            "2 rows reference claims.claims, which has no release to check them against (2"
                + " examples withheld: claim_id has no regex or allowed-values rule to tell its"
                + " values from misplaced personal data)");
  }

  @Test
  void aFailingRowsKeyIsShownOnlyInItsOwnForm() {
    String wellFormed = "00000000-0000-4000-8000-000000000001";
    // A NINO in claim_id, as when a CSV row is split on a comma inside a value, submitted twice.
    Dataset<Row> data =
        claims(
            "('" + wellFormed + "', 'NOT-A-NINO')",
            "('AB123456C', 'JK123456A')",
            "('AB123456C', 'JK123456A')");

    QualityReport report =
        new QualityCheck(claims, rule -> Optional.empty(), Instant.parse("2020-05-14T00:00:00Z"))
            .run(data);

    assertThat(report.text())
        .doesNotContain("AB123456C")
        .contains("  FAIL regex(nino): 1 rows fail e.g. " + wellFormed + "\n")
        .contains(
            "  FAIL regex(claim_id): 2 rows fail (2 examples withheld: a claim_id that breaks its"
                + " own rules may be anything typed there)\n")
        .contains(
            "  FAIL unique(claim_id): 1 values occur more than once (1 example withheld: a"
                + " claim_id that breaks its own rules may be anything typed there)\n");
    // What the release, the registry and the lineage FAIL event record.
    assertThat(report.json().toString()).doesNotContain("AB123456C");
  }

  private QualityReport.RuleResult references(Dataset<Row> data) {
    return beforeAnyClaimsRelease.run(data).results().stream()
        .filter(result -> result.rule().equals(REFERENCES))
        .findFirst()
        .orElseThrow();
  }

  /** Claims valid but for their claim_id and nino, given as SQL {@code (claim_id, nino)} rows. */
  private Dataset<Row> claims(String... idAndNino) {
    return spark.sql(
        "SELECT claim_id, 'SEISS' AS scheme, TIMESTAMP '2020-05-13 08:00:00Z' AS submitted_at,"
            + " 'C0000001' AS claimant_id, nino, CAST(NULL AS STRING) AS utr,"
            + " CAST(NULL AS STRING) AS company_number, 'A Claimant' AS name,"
            + " DATE '1980-01-02' AS date_of_birth, 'SW1A 1AA' AS postcode,"
            + " CAST(NULL AS STRING) AS email, '112233' AS bank_sort_code,"
            + " '12345678' AS bank_account_number, CAST(1000 AS DECIMAL(12, 2)) AS amount_claimed,"
            + " CAST(NULL AS INT) AS employees, CAST(NULL AS DATE) AS period_start,"
            + " CAST(NULL AS DATE) AS period_end, 'ONLINE' AS channel,"
            + " CAST(NULL AS STRING) AS device_id, CAST(NULL AS STRING) AS ip_address"
            + " FROM VALUES "
            + String.join(", ", idAndNino)
            + " AS landing(claim_id, nino)");
  }

  /** Decisions, {@code claimed} of them with a claim id and {@code unclaimed} without. */
  private Dataset<Row> decisions(int claimed, int unclaimed) {
    return spark
        .range(claimed + unclaimed)
        .selectExpr(
            "CASE WHEN id < " + claimed + " THEN concat('claim-', id) END AS claim_id",
            "concat('claimant-', id) AS claimant_id",
            "'SEISS' AS scheme",
            "'ACCEPT' AS decision",
            "0.5D AS risk_score",
            "'rules-1' AS ruleset_version",
            "current_timestamp() AS decided_at");
  }
}
