package io.insightmesh.catalog.registry;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A checked product listing filter. Every present part must match.
 *
 * @param searchTerms lower-case words that must each occur in the product's search text
 */
public record ProductQuery(
    Optional<String> domain,
    Optional<String> tag,
    Optional<Classification> classification,
    Optional<ProductStatus> status,
    List<String> searchTerms) {
  public ProductQuery {
    requireNonNull(domain, "domain is null");
    requireNonNull(tag, "tag is null");
    requireNonNull(classification, "classification is null");
    requireNonNull(status, "status is null");
    searchTerms = List.copyOf(requireNonNull(searchTerms, "searchTerms is null"));
  }
}
