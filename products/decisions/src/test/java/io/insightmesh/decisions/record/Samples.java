package io.insightmesh.decisions.record;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.claims.Scheme;
import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.contracts.risk.LiveFeatures;
import io.insightmesh.contracts.risk.Outcome;
import io.insightmesh.contracts.risk.Reason;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Synthetic assessed claims for tests and benchmarks; every value is made up. */
public final class Samples {
  private Samples() {}

  /** A claim with every optional field set and a FLAG decision with two reasons. */
  public static AssessedClaim full(int n, Instant decidedAt) {
    String claimId = claimId(n);
    Claim claim =
        Claim.newBuilder()
            .setClaimId(claimId)
            .setScheme(Scheme.CJRS)
            .setSubmittedAt(decidedAt.minusMillis(40))
            .setClaimantId("claimant-" + (n % 1000))
            .setNino("QQ" + String.format("%06d", n % 1_000_000) + "C")
            .setUtr("1234567890")
            .setCompanyNumber("SC123456")
            .setName("Test Person " + n)
            .setDateOfBirth(LocalDate.of(1980, 1, 1).plusDays(n % 9000))
            .setPostcode("AB1 2CD")
            .setEmail("person" + n + "@example.org")
            .setBankSortCode("12-34-56")
            .setBankAccountNumber("12345678")
            .setAmountClaimed(new BigDecimal("2500.00").add(BigDecimal.valueOf(n % 100, 2)))
            .setEmployees(3)
            .setPeriodStart(LocalDate.of(2020, 4, 1))
            .setPeriodEnd(LocalDate.of(2020, 4, 30))
            .setChannel("web")
            .setDeviceId("device-" + (n % 77))
            .setIpAddress("192.0.2." + (n % 250))
            .build();
    Decision decision =
        Decision.newBuilder()
            .setClaimId(claimId)
            .setClaimantId(claim.getClaimantId())
            .setScheme("CJRS")
            .setDecision(Outcome.FLAG)
            .setRiskScore(0.75)
            .setReasons(
                List.of(
                    new Reason("over-cap", "OVER_SCHEME_CAP", "The claim is above the scheme cap."),
                    new Reason(
                        "shared-account", "SHARED_BANK_ACCOUNT", "The bank account is shared.")))
            .setRulesetVersion("2024.1")
            .setProfileRelease("v1.0.0")
            .setProfileSnapshotId(42L)
            .setLiveFeatures(
                new LiveFeatures(
                    java.util.Map.of("bank_account_10m", 3, "device_60m", 1, "claim_id_10m", 1),
                    List.of("device")))
            .setDecidedAt(decidedAt)
            .build();
    return new AssessedClaim(claim, decision);
  }

  /** A claim with every optional field null and an ACCEPT decision without reasons. */
  public static AssessedClaim minimal(int n, Instant decidedAt) {
    String claimId = claimId(n);
    Claim claim =
        Claim.newBuilder()
            .setClaimId(claimId)
            .setScheme(Scheme.SEISS)
            .setSubmittedAt(decidedAt)
            .setClaimantId("claimant-" + n)
            .setNino("QQ123456C")
            .setUtr(null)
            .setCompanyNumber(null)
            .setName("Test Person")
            .setDateOfBirth(LocalDate.of(1970, 6, 15))
            .setPostcode("ZZ9 9ZZ")
            .setEmail(null)
            .setBankSortCode("00-00-00")
            .setBankAccountNumber("00000000")
            .setAmountClaimed(new BigDecimal("7500.00"))
            .setEmployees(null)
            .setPeriodStart(null)
            .setPeriodEnd(null)
            .setChannel("phone")
            .setDeviceId(null)
            .setIpAddress(null)
            .build();
    Decision decision =
        Decision.newBuilder()
            .setClaimId(claimId)
            .setClaimantId(claim.getClaimantId())
            .setScheme("SEISS")
            .setDecision(Outcome.ACCEPT)
            .setRiskScore(0.0)
            .setReasons(List.of())
            .setRulesetVersion("2024.1")
            .setProfileRelease(null)
            .setProfileSnapshotId(null)
            .setDecidedAt(decidedAt)
            .build();
    return new AssessedClaim(claim, decision);
  }

  /** The claim id sample {@code n} gets. */
  public static String claimId(int n) {
    return String.format("00000000-0000-4000-8000-%012d", n);
  }
}
