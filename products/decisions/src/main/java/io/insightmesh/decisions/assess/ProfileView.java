package io.insightmesh.decisions.assess;

import io.insightmesh.contracts.profiles.ClaimantProfile;
import java.util.Optional;

/**
 * One profiles release as the engine sees it: every claim is assessed against exactly one view, and
 * its decision records which.
 */
public interface ProfileView {
  /** No release loaded: every claim is FLAGged for a missing profile. */
  ProfileView NONE =
      new ProfileView() {
        @Override
        public Optional<ClaimantProfile> find(String claimantId) {
          return Optional.empty();
        }

        @Override
        public Optional<String> release() {
          return Optional.empty();
        }

        @Override
        public Optional<Long> snapshotId() {
          return Optional.empty();
        }

        @Override
        public long size() {
          return 0;
        }
      };

  Optional<ClaimantProfile> find(String claimantId);

  /** The release version, e.g. {@code 1.0.0}; empty when none is loaded. */
  Optional<String> release();

  /** The Iceberg snapshot the release is tagged at. */
  Optional<Long> snapshotId();

  long size();
}
