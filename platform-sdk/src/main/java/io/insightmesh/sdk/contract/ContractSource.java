package io.insightmesh.sdk.contract;

/**
 * Where registered contracts come from: the catalog service over HTTP in production ({@code
 * io.insightmesh.sdk.catalog.HttpContractSource}), anything a test needs otherwise.
 */
public interface ContractSource {
  /**
   * The contract of {@code product}'s latest registered release (or, before its first release, of
   * its registered contract version): what a proposed contract is checked against.
   *
   * @throws NoSuchContractException if the product is unknown or has no contract
   */
  RegisteredContract latest(ProductId product);
}
