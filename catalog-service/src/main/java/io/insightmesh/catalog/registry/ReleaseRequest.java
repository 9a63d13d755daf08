package io.insightmesh.catalog.registry;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code POST /api/v1/products/{id}/releases}, as a publisher sends it.
 *
 * @param version {@code MAJOR.MINOR.PATCH}, or {@code MAJOR.MINOR.PATCH+BUILD} for a data-only
 *     refresh under the same contract
 * @param snapshotId the Iceberg snapshot of the product's table this release tags
 * @param rowCount the rows in that snapshot
 * @param contractVersion the contract version checked; optional, and when sent it must equal the
 *     version without its build suffix
 * @param qualityResults the quality checks' results, a JSON object or array, optional
 */
public record ReleaseRequest(
    String version,
    Long snapshotId,
    Long rowCount,
    String contractVersion,
    JsonNode qualityResults) {}
