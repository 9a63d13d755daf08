package io.insightmesh.decisions.table;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * An immutable in-memory index of one {@code profiles.claimant_profiles} release: {@code
 * claimant_id} to {@link Profile}. Safe to share between request threads; swap the whole snapshot
 * to follow a new release.
 */
public final class ProfileSnapshot {
  private final String release;
  private final long snapshotId;
  private final Map<String, Profile> profiles;

  ProfileSnapshot(String release, long snapshotId, Map<String, Profile> profiles) {
    this.release = requireNonNull(release, "release is null");
    this.snapshotId = snapshotId;
    // Not copied: the loader hands over a map nobody else holds, and a copy of millions of entries
    // would double the peak memory of a load.
    this.profiles = requireNonNull(profiles, "profiles is null");
  }

  /** The release tag, {@code v<major>.<minor>.<patch>} (with {@code +<run>} for data refreshes). */
  public String release() {
    return release;
  }

  /** The Iceberg snapshot of the release. */
  public long snapshotId() {
    return snapshotId;
  }

  /** How many claimants the release profiles. */
  public int size() {
    return profiles.size();
  }

  /** The claimant's profile, if the release has one. */
  public Optional<Profile> find(String claimantId) {
    return Optional.ofNullable(profiles.get(requireNonNull(claimantId, "claimantId is null")));
  }

  @Override
  public String toString() {
    return "ProfileSnapshot[release="
        + release
        + ", snapshotId="
        + snapshotId
        + ", size="
        + profiles.size()
        + "]";
  }
}
