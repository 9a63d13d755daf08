package io.insightmesh.decisions.search;

import static java.util.Objects.requireNonNull;

/**
 * Another claimant linked to a claimant: they share a bank account, device or postcode.
 *
 * @param claimantId the other claimant
 * @param via what they share
 * @param sharedClaims how many of the other claimant's claims share it
 */
public record Link(String claimantId, LinkVia via, int sharedClaims) {
  /** Checks for nulls. */
  public Link {
    requireNonNull(claimantId, "claimantId is null");
    requireNonNull(via, "via is null");
  }
}
