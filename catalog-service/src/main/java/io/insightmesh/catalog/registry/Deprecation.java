package io.insightmesh.catalog.registry;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/** Why a product was deprecated, and the product its readers should move to, if there is one. */
public record Deprecation(String reason, Optional<ProductId> successor, Change change) {
  public Deprecation {
    requireNonNull(reason, "reason is null");
    requireNonNull(successor, "successor is null");
    requireNonNull(change, "change is null");
  }
}
