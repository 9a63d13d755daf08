package io.insightmesh.decisions.features;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.claims.Scheme;
import io.insightmesh.contracts.profiles.ClaimantProfile;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/** Hand-built claims and profiles shaped like the generator's legitimate ones. */
public final class TestClaims {
  /** When the clean claims are submitted: the morning SEISS opened. */
  public static final Instant SUBMITTED_AT = Instant.parse("2020-05-14T09:30:00Z");

  private TestClaims() {}

  /** A legitimate SEISS claim of a sole trader, online, below the cap. */
  public static Claim.Builder seiss() {
    return Claim.newBuilder()
        .setClaimId("0b7e1c52-3f0e-4a43-9d7f-2f6a4c1b9e01")
        .setScheme(Scheme.SEISS)
        .setSubmittedAt(SUBMITTED_AT)
        .setClaimantId("c0ffee0000000001")
        .setNino("AB123456C")
        .setUtr("1234567890")
        .setCompanyNumber(null)
        .setName("Alice Example")
        .setDateOfBirth(LocalDate.of(1975, 6, 1))
        .setPostcode("SW1A 1AA")
        .setEmail(null)
        .setBankSortCode("200000")
        .setBankAccountNumber("12345678")
        .setAmountClaimed(new BigDecimal("3200.00"))
        .setEmployees(null)
        .setPeriodStart(null)
        .setPeriodEnd(null)
        .setChannel("ONLINE")
        .setDeviceId("a1b2c3d4e5f60718")
        .setIpAddress("81.2.69.160");
  }

  /**
   * A legitimate CJRS claim of an employer: 3 employees from 23 March to 30 April 2020 (1 + 9/31
   * months), 2,000 a month each, below the cap of 3 × 2,500 × 1.2903 = 9,677.42.
   */
  public static Claim.Builder cjrs() {
    return seiss()
        .setClaimId("5d1f8a9e-7b21-4c3d-8e4f-a0b1c2d3e4f5")
        .setScheme(Scheme.CJRS)
        .setClaimantId("c0ffee0000000002")
        .setNino("CE654321A")
        .setUtr(null)
        .setCompanyNumber("01234567")
        .setName("Bob Example")
        .setBankSortCode("400515")
        .setBankAccountNumber("87654321")
        .setAmountClaimed(new BigDecimal("7741.94"))
        .setEmployees(3)
        .setPeriodStart(LocalDate.of(2020, 3, 23))
        .setPeriodEnd(LocalDate.of(2020, 4, 30))
        .setDeviceId("0f1e2d3c4b5a6978")
        .setIpAddress("86.1.2.3");
  }

  /** The clean profile of a sole trader (SEISS basis, no company). */
  public static ClaimantProfile.Builder individualProfile(Claim claim) {
    return ClaimantProfile.newBuilder()
        .setClaimantId(claim.getClaimantId())
        .setNino(claim.getNino())
        .setPriorDeclaredIncome(new BigDecimal("16000.00"))
        .setPayeMonthlyPay(null)
        .setClaimsPerScheme(Map.of("SEISS", 1, "CJRS", 0, "SSP_REBATE", 0, "BBL", 0))
        .setTotalClaimed(claim.getAmountClaimed())
        .setMaxClaimToCapRatio(0.4267)
        .setSharedBankAccountClaimants(0)
        .setSharedDeviceClaimants(0)
        .setSharedIpClaimants(0)
        .setAccountAgeDays(1500)
        .setCompanyIncorporatedOn(null)
        .setIncorporatedAfterCutoff(false)
        .setDeceased(false)
        .setBuiltAt(Instant.parse("2020-08-01T00:00:00Z"))
        .setClaimsRelease("v1.0.0");
  }

  /** The clean profile of an employer (PAYE, a company before the cut-off, no SA returns). */
  public static ClaimantProfile.Builder employerProfile(Claim claim) {
    return individualProfile(claim)
        .setPriorDeclaredIncome(null)
        .setPayeMonthlyPay(new BigDecimal("2500.00"))
        .setClaimsPerScheme(Map.of("SEISS", 0, "CJRS", 2, "SSP_REBATE", 0, "BBL", 0))
        .setMaxClaimToCapRatio(0.8)
        .setCompanyIncorporatedOn(LocalDate.of(2012, 9, 3));
  }
}
