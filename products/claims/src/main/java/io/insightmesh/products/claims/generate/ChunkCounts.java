package io.insightmesh.products.claims.generate;

import java.util.EnumMap;
import java.util.Map;

/** What one chunk wrote; chunks' counts add up to the manifest's. */
final class ChunkCounts {
  long records;
  long claims;
  long claimants;
  long fraudClaims;
  long duplicates;
  long badRecords;
  final long[] perScheme = new long[4];
  final Map<FraudPattern, Long> perPattern = new EnumMap<>(FraudPattern.class);
  final Map<Defect, Long> perDefect = new EnumMap<>(Defect.class);
  long selfAssessment;
  long payeEmployment;
  long companies;
  long deceased;

  void pattern(FraudPattern pattern) {
    perPattern.merge(pattern, 1L, Long::sum);
  }

  void defect(Defect defect) {
    perDefect.merge(defect, 1L, Long::sum);
  }

  void add(ChunkCounts other) {
    records += other.records;
    claims += other.claims;
    claimants += other.claimants;
    fraudClaims += other.fraudClaims;
    duplicates += other.duplicates;
    badRecords += other.badRecords;
    for (int i = 0; i < perScheme.length; i++) {
      perScheme[i] += other.perScheme[i];
    }
    other.perPattern.forEach((pattern, count) -> perPattern.merge(pattern, count, Long::sum));
    other.perDefect.forEach((defect, count) -> perDefect.merge(defect, count, Long::sum));
    selfAssessment += other.selfAssessment;
    payeEmployment += other.payeEmployment;
    companies += other.companies;
    deceased += other.deceased;
  }
}
