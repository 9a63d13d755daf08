package io.insightmesh.sdk.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.contracts.spec.ProductDescriptors;
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
    assertThat(result.examples()).containsExactlyInAnyOrder("claim-0", "claim-1");
    assertThat(result.detail())
        .isEqualTo("2 rows reference claims.claims, which has no release to check them against");
  }

  private QualityReport.RuleResult references(Dataset<Row> data) {
    return beforeAnyClaimsRelease.run(data).results().stream()
        .filter(result -> result.rule().equals(REFERENCES))
        .findFirst()
        .orElseThrow();
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
