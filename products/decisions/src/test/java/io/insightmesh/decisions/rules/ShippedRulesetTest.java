package io.insightmesh.decisions.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.claims.Scheme;
import io.insightmesh.contracts.profiles.ClaimantProfile;
import io.insightmesh.contracts.risk.Outcome;
import io.insightmesh.decisions.features.BankAccount;
import io.insightmesh.decisions.features.BlockLists;
import io.insightmesh.decisions.features.DeviceId;
import io.insightmesh.decisions.features.Nino;
import io.insightmesh.decisions.features.TestClaims;
import io.insightmesh.decisions.features.VelocityCounters;
import io.insightmesh.decisions.features.VelocitySettings;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Each shipped rule against a hand-built claim of the fraud pattern it targets (as the claims
 * generator injects it) and against clean claims of the generator's legitimate kinds.
 */
class ShippedRulesetTest {
  private static final CompiledRuleset SHIPPED = CompiledRuleset.compile(RulesetLoader.shipped());

  private final RuleEngine engine =
      new RuleEngine(SHIPPED, new VelocityCounters(VelocitySettings.standard()), new BlockLists());

  @Test
  void shipsOneRulePerTestedPattern() {
    assertThat(SHIPPED.version()).isEqualTo(RulesetVersion.parse("2026.11.1"));
    assertThat(SHIPPED.ruleset().rules())
        .extracting(Rule::id)
        .containsExactly(
            "blocked-bank-account",
            "blocked-nino",
            "blocked-device",
            "deceased-claimant",
            "over-cap",
            "incorporated-after-cutoff",
            "shared-bank-account",
            "identity-reuse",
            "device-burst",
            "ip-burst",
            "shared-online-device-or-ip",
            "duplicate-submission");
  }

  @Test
  void acceptsCleanClaimsOfEveryKind() {
    Claim seiss = TestClaims.seiss().build();
    Claim cjrs = TestClaims.cjrs().build();
    Claim soleTraderLoan =
        TestClaims.seiss()
            .setClaimId(UUID.randomUUID().toString())
            .setScheme(Scheme.BBL)
            .setAmountClaimed(new BigDecimal("12000.00"))
            .build();
    Claim agentClaim =
        TestClaims.cjrs().setClaimId(UUID.randomUUID().toString()).setChannel("AGENT").build();

    assertAccepted(seiss, TestClaims.individualProfile(seiss).build());
    assertAccepted(cjrs, TestClaims.employerProfile(cjrs).build());
    assertAccepted(soleTraderLoan, TestClaims.individualProfile(soleTraderLoan).build());
    // An agent submits for many clients from one device: not a shared-device signal.
    assertAccepted(
        agentClaim,
        TestClaims.employerProfile(agentClaim)
            .setSharedDeviceClaimants(40)
            .setSharedIpClaimants(40)
            .build());
  }

  @Test
  void acceptsAClaimExactlyAtTheCap() {
    Claim atCap = TestClaims.cjrs().setAmountClaimed(new BigDecimal("9677.42")).build();
    assertAccepted(atCap, TestClaims.employerProfile(atCap).build());
  }

  @Test
  void rejectsClaimsOverTheSchemeCap() {
    Claim seiss = TestClaims.seiss().setAmountClaimed(new BigDecimal("7600.00")).build();
    Claim loan =
        TestClaims.seiss()
            .setClaimId(UUID.randomUUID().toString())
            .setScheme(Scheme.BBL)
            .setAmountClaimed(new BigDecimal("51000.00"))
            .build();
    // The generator puts over-cap CJRS claims at 1.3 to 3 times the cap.
    Claim cjrs = TestClaims.cjrs().setAmountClaimed(new BigDecimal("12580.65")).build();

    assertRejected(seiss, TestClaims.individualProfile(seiss).build(), "OVER_CAP");
    assertRejected(loan, TestClaims.individualProfile(loan).build(), "OVER_CAP");
    assertRejected(cjrs, TestClaims.employerProfile(cjrs).build(), "OVER_CAP");
  }

  @Test
  void rejectsClaimsOfCompaniesIncorporatedAfterTheCutoff() {
    Claim claim = TestClaims.cjrs().build();
    ClaimantProfile profile =
        TestClaims.employerProfile(claim)
            .setCompanyIncorporatedOn(LocalDate.of(2020, 4, 2))
            .setIncorporatedAfterCutoff(true)
            .build();
    assertRejected(claim, profile, "INCORPORATED_AFTER_CUTOFF");
  }

  @Test
  void rejectsClaimsUnderTheIdentityOfTheDead() {
    Claim claim = TestClaims.seiss().build();
    assertRejected(
        claim, TestClaims.individualProfile(claim).setDeceased(true).build(), "DECEASED");
  }

  @Test
  void flagsAccountsSharedByUnrelatedClaimants() {
    Claim claim = TestClaims.seiss().setBankSortCode("040004").build();
    Assessment assessment =
        engine.assess(
            claim,
            Optional.of(
                TestClaims.individualProfile(claim).setSharedBankAccountClaimants(6).build()));
    assertThat(assessment.decision()).isEqualTo(Outcome.FLAG);
    assertThat(assessment.codes()).containsExactly("SHARED_BANK_ACCOUNT");
    assertThat(assessment.riskScore()).isEqualTo(0.7);
    // As the risk.decisions contract records it.
    io.insightmesh.contracts.risk.Reason recorded = assessment.reasons().get(0).toContract();
    assertThat(recorded.getRuleId()).isEqualTo("shared-bank-account");
    assertThat(recorded.getText())
        .isEqualTo("The bank account is also paid into by other, unrelated claimants.");
  }

  @Test
  void flagsACompanyClaimUnderASelfEmployedPersonsNino() {
    // The impostor's profile is matched to the victim's self-assessment returns by NINO.
    Claim impostor = TestClaims.cjrs().setNino("AB123456C").build();
    ClaimantProfile profile =
        TestClaims.employerProfile(impostor)
            .setPriorDeclaredIncome(new BigDecimal("16000.00"))
            .build();
    assertFlagged(impostor, profile, "IDENTITY_REUSE");
  }

  @Test
  void flagsADeviceBurstFromItsTenthClaim() {
    List<Assessment> burst = burst("burst-device-0001", null);
    assertThat(burst.subList(0, 9)).allMatch(a -> a.decision() == Outcome.ACCEPT);
    assertThat(burst.subList(9, 20))
        .allSatisfy(
            a -> {
              assertThat(a.decision()).isEqualTo(Outcome.FLAG);
              assertThat(a.codes()).containsExactly("DEVICE_BURST");
            });
  }

  @Test
  void flagsAnIpBurstFromItsTenthClaim() {
    List<Assessment> burst = burst(null, "185.220.101.7");
    assertThat(burst.subList(0, 9)).allMatch(a -> a.decision() == Outcome.ACCEPT);
    assertThat(burst.get(19).codes()).containsExactly("IP_BURST");
    assertThat(burst.get(19).decision()).isEqualTo(Outcome.FLAG);
  }

  @Test
  void flagsOnlineClaimsWhoseDeviceOrIpTheProfileShowsShared() {
    Claim claim = TestClaims.seiss().build();
    assertFlagged(
        claim,
        TestClaims.individualProfile(claim).setSharedDeviceClaimants(19).build(),
        "SHARED_DEVICE_OR_IP");
    Claim other = TestClaims.seiss().setClaimId(UUID.randomUUID().toString()).build();
    assertFlagged(
        other,
        TestClaims.individualProfile(other).setSharedIpClaimants(25).build(),
        "SHARED_DEVICE_OR_IP");
  }

  @Test
  void flagsTheResubmissionOfAClaimButNotTheFirstSubmission() {
    Claim first = TestClaims.seiss().build();
    Claim again =
        TestClaims.seiss().setSubmittedAt(first.getSubmittedAt().plusSeconds(12 * 60)).build();
    ClaimantProfile profile = TestClaims.individualProfile(first).build();

    assertThat(engine.assess(first, Optional.of(profile)).decision()).isEqualTo(Outcome.ACCEPT);
    Assessment second = engine.assess(again, Optional.of(profile));
    assertThat(second.decision()).isEqualTo(Outcome.FLAG);
    assertThat(second.codes()).containsExactly("DUPLICATE_SUBMISSION");
  }

  @Test
  void rejectsClaimsHittingABlockList() {
    Claim claim = TestClaims.seiss().build();
    ClaimantProfile profile = TestClaims.individualProfile(claim).build();

    engine.blockLists().add(new BankAccount(claim.getBankSortCode(), claim.getBankAccountNumber()));
    assertRejected(claim, profile, "BLOCKED_BANK_ACCOUNT");

    BlockLists ninos = new BlockLists();
    ninos.add(Nino.parse(claim.getNino()));
    assertThat(assessWith(ninos, claim, profile).codes()).containsExactly("BLOCKED_NINO");

    BlockLists devices = new BlockLists();
    devices.add(DeviceId.parse(claim.getDeviceId()));
    Assessment blockedDevice = assessWith(devices, claim, profile);
    assertThat(blockedDevice.decision()).isEqualTo(Outcome.REJECT);
    assertThat(blockedDevice.codes()).containsExactly("BLOCKED_DEVICE");
    assertThat(blockedDevice.riskScore()).isEqualTo(1.0);
  }

  @Test
  void neverAcceptsAClaimWithoutAProfile() {
    Assessment assessment = engine.assess(TestClaims.seiss().build(), Optional.empty());
    assertThat(assessment.decision()).isEqualTo(Outcome.FLAG);
    assertThat(assessment.codes()).containsExactly("PROFILE_MISSING");
  }

  /** 20 claims of different claimants within the hour, sharing a device or an IP address. */
  private List<Assessment> burst(String device, String ip) {
    List<Assessment> assessments = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Claim claim =
          TestClaims.seiss()
              .setClaimId(UUID.randomUUID().toString())
              .setClaimantId(String.format("b0057000000000%02d", i))
              .setBankAccountNumber(String.format("300000%02d", i))
              .setPostcode("M1 " + (i % 10) + "AB")
              .setDeviceId(device == null ? String.format("own-device-%02d", i) : device)
              .setIpAddress(ip == null ? "86.12.0." + (i + 1) : ip)
              .setSubmittedAt(TestClaims.SUBMITTED_AT.plusSeconds(i * 170L))
              .build();
      assessments.add(
          engine.assess(claim, Optional.of(TestClaims.individualProfile(claim).build())));
    }
    return assessments;
  }

  private Assessment assessWith(BlockLists lists, Claim claim, ClaimantProfile profile) {
    return new RuleEngine(SHIPPED, new VelocityCounters(VelocitySettings.standard()), lists)
        .assess(claim, Optional.of(profile));
  }

  private void assertAccepted(Claim claim, ClaimantProfile profile) {
    Assessment assessment = engine.assess(claim, Optional.of(profile));
    assertThat(assessment.reasons()).isEmpty();
    assertThat(assessment.decision()).isEqualTo(Outcome.ACCEPT);
    assertThat(assessment.riskScore()).isZero();
  }

  private void assertRejected(Claim claim, ClaimantProfile profile, String code) {
    Assessment assessment = engine.assess(claim, Optional.of(profile));
    assertThat(assessment.codes()).containsExactly(code);
    assertThat(assessment.decision()).isEqualTo(Outcome.REJECT);
  }

  private void assertFlagged(Claim claim, ClaimantProfile profile, String code) {
    Assessment assessment = engine.assess(claim, Optional.of(profile));
    assertThat(assessment.codes()).containsExactly(code);
    assertThat(assessment.decision()).isEqualTo(Outcome.FLAG);
  }
}
