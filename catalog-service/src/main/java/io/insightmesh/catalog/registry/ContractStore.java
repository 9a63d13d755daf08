package io.insightmesh.catalog.registry;

import java.util.Optional;

/** Where the contract versions of products are kept, immutable once a release uses them. */
public interface ContractStore {
  /**
   * Stores the contract unless its version is already stored.
   *
   * @return empty if stored now, else the contract stored earlier under the same version
   */
  Optional<Contract> insert(Contract contract);

  /**
   * Replaces the stored contract of the same version, in one statement, unless a release of the
   * product was published under that version.
   *
   * @return whether it was replaced (false: a release uses the version, or it is not stored)
   */
  boolean replaceUnreleased(Contract contract);

  Optional<Contract> find(ProductId product, ContractVersion version);

  /** The highest stored contract version of {@code product} within major version {@code major}. */
  Optional<Contract> latestOfMajor(ProductId product, int major);
}
