package io.insightmesh.decisions.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.contracts.spec.QualityRule;
import io.insightmesh.sdk.publish.QualityReport;
import java.time.Instant;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class ReleaseQualityTest {
  private static final Schema SCHEMA =
      new Schema(
          Types.NestedField.required(1, "claim_id", Types.StringType.get()),
          Types.NestedField.optional(2, "case_number", Types.LongType.get()));

  @Test
  void uniqueCountsEveryRepeatOfAValueAmongManyAndNamesThem() {
    try (ReleaseQuality quality =
        new ReleaseQuality(
            List.of(new QualityRule.Unique("claim_id"), new QualityRule.Unique("case_number")),
            "claim_id")) {
      // Enough distinct claim ids to grow the seen values' tables several times over.
      for (int i = 0; i < 50_000; i++) {
        quality.add(row("claim-" + i, (long) i));
      }
      quality.add(row("claim-17", 50_000L));
      quality.add(row("claim-49999", 50_001L));
      quality.add(row("claim-17", 50_002L));
      quality.add(row("claim-new", 3L));

      List<QualityReport.RuleResult> results =
          quality.result(50_004, Instant.parse("2026-11-30T12:00:00Z")).report().results();

      QualityReport.RuleResult claimIds = results.get(0);
      assertThat(claimIds.rule()).isEqualTo("unique(claim_id)");
      assertThat(claimIds.passed()).isFalse();
      assertThat(claimIds.failing()).isEqualTo(3);
      assertThat(claimIds.examples()).containsExactly("claim-17", "claim-49999", "claim-17");
      QualityReport.RuleResult caseNumbers = results.get(1);
      assertThat(caseNumbers.rule()).isEqualTo("unique(case_number)");
      assertThat(caseNumbers.failing()).isEqualTo(1);
      assertThat(caseNumbers.examples()).containsExactly("claim-new");
    }
  }

  @Test
  void uniquePassesWhenEveryValueIsNew() {
    try (ReleaseQuality quality =
        new ReleaseQuality(List.of(new QualityRule.Unique("claim_id")), "claim_id")) {
      for (int i = 0; i < 1_000; i++) {
        quality.add(row("claim-" + i, null));
      }

      QualityReport.RuleResult result =
          quality.result(1_000, Instant.parse("2026-11-30T12:00:00Z")).report().results().get(0);

      assertThat(result.passed()).isTrue();
      assertThat(result.failing()).isZero();
    }
  }

  private static GenericRecord row(String claimId, Long caseNumber) {
    GenericRecord row = GenericRecord.create(SCHEMA);
    row.setField("claim_id", claimId);
    row.setField("case_number", caseNumber);
    return row;
  }
}
