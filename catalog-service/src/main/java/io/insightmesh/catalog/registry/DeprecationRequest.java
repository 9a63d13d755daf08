package io.insightmesh.catalog.registry;

/**
 * The body of {@code POST /api/v1/products/{id}/deprecate}, as sent.
 *
 * @param reason why readers should move away, required
 * @param successor the product readers should move to, {@code <domain>.<name>}, optional
 */
public record DeprecationRequest(String reason, String successor) {}
