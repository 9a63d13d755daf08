package io.insightmesh.decisions.service;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.profiles.ClaimantProfile;
import io.insightmesh.decisions.assess.ProfileView;
import io.insightmesh.decisions.table.Profile;
import io.insightmesh.decisions.table.ProfileSnapshot;
import java.time.Instant;
import java.util.Optional;

/**
 * A loaded profiles release as the assessment service reads it. Profiles are held compactly (see
 * {@link Profile}); one claim's is expanded to the contract's type only when it is assessed.
 */
final class ReleaseProfiles implements ProfileView {
  private final ProfileSnapshot snapshot;

  ReleaseProfiles(ProfileSnapshot snapshot) {
    this.snapshot = requireNonNull(snapshot, "snapshot is null");
  }

  @Override
  public Optional<ClaimantProfile> find(String claimantId) {
    return snapshot.find(claimantId).map(this::toContract);
  }

  /** The release version, as decisions record it: {@code 1.2.0} for the tag {@code v1.2.0}. */
  @Override
  public Optional<String> release() {
    return Optional.of(version(snapshot.release()));
  }

  static String version(String tag) {
    return tag.startsWith("v") ? tag.substring(1) : tag;
  }

  @Override
  public Optional<Long> snapshotId() {
    return Optional.of(snapshot.snapshotId());
  }

  @Override
  public long size() {
    return snapshot.size();
  }

  private ClaimantProfile toContract(Profile profile) {
    return ClaimantProfile.newBuilder()
        .setClaimantId(profile.claimantId())
        .setNino(profile.nino())
        .setPriorDeclaredIncome(profile.priorDeclaredIncome().orElse(null))
        .setPayeMonthlyPay(profile.payeMonthlyPay().orElse(null))
        .setClaimsPerScheme(new java.util.HashMap<>(profile.claimsPerScheme()))
        .setTotalClaimed(profile.totalClaimed())
        .setMaxClaimToCapRatio(profile.maxClaimToCapRatio())
        .setSharedBankAccountClaimants(profile.sharedBankAccountClaimants())
        .setSharedDeviceClaimants(profile.sharedDeviceClaimants())
        .setSharedIpClaimants(profile.sharedIpClaimants())
        .setAccountAgeDays(
            profile.accountAgeDays().isPresent() ? profile.accountAgeDays().getAsInt() : null)
        .setCompanyIncorporatedOn(profile.companyIncorporatedOn().orElse(null))
        .setIncorporatedAfterCutoff(profile.incorporatedAfterCutoff())
        .setDeceased(profile.deceased())
        .setBuiltAt(Instant.EPOCH)
        .setClaimsRelease(profile.claimsRelease())
        .build();
  }
}
