package io.insightmesh.catalog.registry;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A field of a product as its owner declares it at registration: the name (dotted for nested
 * fields), its documentation and, for personal data, its PII tag ({@code nino}, {@code dob}, ...).
 */
public record ProductField(String name, Optional<String> doc, Optional<String> pii) {
  public ProductField {
    requireNonNull(name, "name is null");
    requireNonNull(doc, "doc is null");
    requireNonNull(pii, "pii is null");
  }
}
