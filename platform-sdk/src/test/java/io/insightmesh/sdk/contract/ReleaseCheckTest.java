package io.insightmesh.sdk.contract;

import static io.insightmesh.sdk.contract.ChangeLevel.MAJOR;
import static io.insightmesh.sdk.contract.ChangeLevel.MINOR;
import static io.insightmesh.sdk.contract.ChangeLevel.PATCH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A release's version bump must be at least its change's classification. */
class ReleaseCheckTest {
  private static final ProductId CLAIMS = ProductId.parse("claims.claims");
  private static final CompatibilityReport NOTHING = new CompatibilityReport(List.of());
  private static final CompatibilityReport MINOR_CHANGE =
      new CompatibilityReport(
          List.of(
              new SchemaChange("employees", ChangeRule.WIDEN_INT_TO_LONG, "int → long"),
              new SchemaChange("claim_id", ChangeRule.DOC_CHANGED, "doc changed")));
  private static final CompatibilityReport MAJOR_CHANGE =
      new CompatibilityReport(
          List.of(
              new SchemaChange("nino", ChangeRule.PII_TAG_REMOVED, "pii tag nino removed"),
              new SchemaChange(
                  "amount", ChangeRule.DECIMAL_SCALE_CHANGED, "decimal(12,2) → decimal(12,3)"),
              new SchemaChange("employees", ChangeRule.WIDEN_INT_TO_LONG, "int → long"),
              new SchemaChange("claim_id", ChangeRule.DOC_CHANGED, "doc changed")));

  @Test
  void aBumpAtLeastAsBigAsTheChangeIsAccepted() {
    assertThat(ReleaseCheck.check(CLAIMS, "1.2.0", "1.2.1", NOTHING)).isEqualTo(PATCH);
    assertThat(ReleaseCheck.check(CLAIMS, "1.2.0", "1.3.0", MINOR_CHANGE)).isEqualTo(MINOR);
    assertThat(ReleaseCheck.check(CLAIMS, "1.2.0", "2.0.0", MAJOR_CHANGE)).isEqualTo(MAJOR);
    assertThat(ReleaseCheck.check(CLAIMS, "1.2.0", "2.0.0", NOTHING)).isEqualTo(MAJOR);
    assertThat(ReleaseCheck.check("1.2.0", "1.2.7", NOTHING)).isEqualTo(PATCH);
  }

  @Test
  void aMinorBumpForAMajorChangeNamesEveryFieldThatNeedsMore() {
    assertThatThrownBy(() -> ReleaseCheck.check(CLAIMS, "1.2.0", "1.3.0", MAJOR_CHANGE))
        .isInstanceOf(ContractViolationException.class)
        .hasMessage(
            "Cannot release claims.claims 1.3.0 over 1.2.0: a MINOR bump is too small for a MAJOR"
                + " change: nino: pii-tag-removed; amount: decimal-scale-changed");
  }

  @Test
  void aPatchBumpNamesTheMinorChangesToo() {
    assertThatThrownBy(() -> ReleaseCheck.check("claims.claims", "1.2.0", "1.2.1", MAJOR_CHANGE))
        .isInstanceOf(ContractViolationException.class)
        .hasMessage(
            "Cannot release claims.claims 1.2.1 over 1.2.0: a PATCH bump is too small for a MAJOR"
                + " change: nino: pii-tag-removed; amount: decimal-scale-changed; employees:"
                + " widen-int-to-long");
    assertThatThrownBy(() -> ReleaseCheck.check("1.2.0", "1.2.1", MINOR_CHANGE))
        .isInstanceOf(ContractViolationException.class)
        .hasMessage(
            "Cannot release 1.2.1 over 1.2.0: a PATCH bump is too small for a MINOR change:"
                + " employees: widen-int-to-long");
  }

  @Test
  void theVersionMustGrowAndResetTheLowerParts() {
    assertThatThrownBy(() -> ReleaseCheck.check(CLAIMS, "1.2.0", "1.2.0", NOTHING))
        .isInstanceOf(ContractViolationException.class)
        .hasMessage(
            "Cannot release claims.claims 1.2.0 over 1.2.0: the version must be higher than the"
                + " one released");
    assertThatThrownBy(() -> ReleaseCheck.check(CLAIMS, "2.0.0", "1.9.0", NOTHING))
        .isInstanceOf(ContractViolationException.class)
        .hasMessage(
            "Cannot release claims.claims 1.9.0 over 2.0.0: the version must be higher than the"
                + " one released");
    assertThatThrownBy(() -> ReleaseCheck.check(CLAIMS, "1.2.0", "2.1.0", MAJOR_CHANGE))
        .isInstanceOf(ContractViolationException.class)
        .hasMessage(
            "Cannot release claims.claims 2.1.0 over 1.2.0: a MAJOR bump resets MINOR and PATCH to"
                + " 0 (2.0.0)");
    assertThatThrownBy(() -> ReleaseCheck.check(CLAIMS, "1.2.0", "1.3.1", MINOR_CHANGE))
        .isInstanceOf(ContractViolationException.class)
        .hasMessage(
            "Cannot release claims.claims 1.3.1 over 1.2.0: a MINOR bump resets PATCH to 0"
                + " (1.3.0)");
  }

  @Test
  void versionsAndProductsMustBeWellFormed() {
    assertThatThrownBy(() -> ReleaseCheck.check(CLAIMS, "1.2", "1.3.0", NOTHING))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid contract version '1.2': must be MAJOR.MINOR.PATCH, three numbers without"
                + " leading zeros, e.g. 1.2.0");
    assertThatThrownBy(() -> ReleaseCheck.check(CLAIMS, "1.2.0", "1.03.0", NOTHING))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid contract version '1.03.0'");
    assertThatThrownBy(() -> ReleaseCheck.check("Claims", "1.2.0", "1.3.0", NOTHING))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid product id 'Claims': must be <domain>.<name>, each part matching"
                + " [a-z][a-z0-9_]{0,63}");
  }

  @Test
  void aMajorVersionIsATableOfItsOwn() {
    assertThat(TableNaming.forMajor(CLAIMS, ContractVersion.parse("2.0.0")))
        .isEqualTo("claims.claims_v2");
    assertThat(
            TableNaming.forMajor(
                ProductId.parse("profiles.claimant_profiles"), ContractVersion.parse("1.4.2")))
        .isEqualTo("profiles.claimant_profiles_v1");
  }

  @Test
  void levelsParseInAnyCase() {
    assertThat(ChangeLevel.parse("minor")).isEqualTo(MINOR);
    assertThatThrownBy(() -> ChangeLevel.parse("HUGE"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid change level 'HUGE': must be PATCH, MINOR or MAJOR");
  }
}
