package io.insightmesh.decisions.search;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.claims.Scheme;
import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.contracts.risk.Outcome;
import io.insightmesh.contracts.risk.Reason;
import io.insightmesh.decisions.record.AssessedClaim;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Made-up assessed claims for the index tests and probe: every value is synthetic. */
public final class IndexedClaims {
  private IndexedClaims() {}

  /** A builder-ish starting point: a claim of {@code claimant} with the given identity. */
  public static Claim.Builder claim(String claimant, String name) {
    return Claim.newBuilder()
        .setClaimId(UUID.randomUUID().toString())
        .setScheme(Scheme.SEISS)
        .setSubmittedAt(Instant.parse("2020-05-13T08:00:00Z"))
        .setClaimantId(claimant)
        .setNino("AB123456C")
        .setName(name)
        .setDateOfBirth(LocalDate.of(1980, 1, 2))
        .setPostcode("SW1A 1AA")
        .setBankSortCode("112233")
        .setBankAccountNumber("12345678")
        .setAmountClaimed(new BigDecimal("2500.00"))
        .setChannel("ONLINE");
  }

  /** The claim with a decision on it; {@code rules} fired. */
  public static AssessedClaim decided(Claim claim, Outcome outcome, String... rules) {
    Decision decision =
        Decision.newBuilder()
            .setClaimId(claim.getClaimId())
            .setClaimantId(claim.getClaimantId())
            .setScheme(claim.getScheme().name())
            .setDecision(outcome)
            .setRiskScore(rules.length == 0 ? 0.0 : 0.8)
            .setReasons(
                List.of(rules).stream()
                    .map(rule -> new Reason(rule, rule.toUpperCase().replace('-', '_'), "fired"))
                    .toList())
            .setRulesetVersion("2026.11.1")
            .setDecidedAt(Instant.parse("2020-05-13T08:00:01Z"))
            .build();
    return new AssessedClaim(claim, decision);
  }

  /** An accepted claim. */
  public static AssessedClaim accepted(Claim claim) {
    return decided(claim, Outcome.ACCEPT);
  }
}
