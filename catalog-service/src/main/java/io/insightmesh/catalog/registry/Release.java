package io.insightmesh.catalog.registry;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A published release of a product: the Iceberg snapshot tagged {@code v<version>}, how many rows
 * it holds, the contract it was checked against and the quality checks' results. Immutable once
 * recorded.
 *
 * @param qualityResults the quality checks' results as a JSON document, if the publisher sent them
 */
public record Release(
    ProductId productId,
    ReleaseVersion version,
    long snapshotId,
    long rowCount,
    ContractVersion contractVersion,
    Optional<String> qualityResults,
    Change created) {
  public Release {
    requireNonNull(productId, "productId is null");
    requireNonNull(version, "version is null");
    requireNonNull(contractVersion, "contractVersion is null");
    requireNonNull(qualityResults, "qualityResults is null");
    requireNonNull(created, "created is null");
  }
}
