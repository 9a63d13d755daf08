package io.insightmesh.sdk.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.contracts.spec.QualityRule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A release's report is stored as JSON and read back when a publish is recovered. */
class QualityReportTest {
  @Test
  void aReportReadsBackAsWritten() {
    QualityReport report =
        new QualityReport(
            40,
            List.of(
                new QualityReport.RuleResult(
                    "unique(claim_id)", true, 0, List.of(), "no duplicates"),
                new QualityReport.RuleResult(
                    "regex(nino)",
                    false,
                    1,
                    List.of("00000000-0000-4000-8000-000000000003"),
                    "1 rows fail")));

    assertThat(QualityReport.fromJson(report.json().toString(), 0)).isEqualTo(report);
  }

  @Test
  void rowsStampedAfterTheChecksClockAreFreshNotFromTheFuture() {
    Instant now = Instant.parse("2026-11-29T20:11:40Z");
    QualityReport.RuleResult result =
        QualityReport.RuleResult.freshness(
            new QualityRule.Freshness("built_at", Duration.ofHours(24)), now.plusMillis(164), now);

    assertThat(result.passed()).isTrue();
    assertThat(result.detail())
        .isEqualTo("newest built_at is 2026-11-29T20:11:40.164Z, PT0S old, limit PT24H");
  }

  @Test
  void aReportThatIsNotJsonIsNamed() {
    assertThatThrownBy(() -> QualityReport.fromJson("{not", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid quality report:");
  }
}
