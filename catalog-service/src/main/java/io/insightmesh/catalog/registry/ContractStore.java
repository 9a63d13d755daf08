package io.insightmesh.catalog.registry;

import java.util.Optional;

/** Where the contract versions of products are kept, immutable once stored. */
public interface ContractStore {
  /**
   * Stores the contract unless its version is already stored.
   *
   * @return empty if stored now, else the contract stored earlier under the same version
   */
  Optional<Contract> insert(Contract contract);

  Optional<Contract> find(ProductId product, ContractVersion version);

  /** The highest stored contract version of {@code product} within major version {@code major}. */
  Optional<Contract> latestOfMajor(ProductId product, int major);
}
