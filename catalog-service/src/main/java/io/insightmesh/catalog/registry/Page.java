package io.insightmesh.catalog.registry;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing and the opaque token that fetches the next one, absent on the last page.
 */
public record Page<T>(List<T> items, Optional<String> nextPageToken) {
  public Page {
    items = List.copyOf(requireNonNull(items, "items is null"));
    requireNonNull(nextPageToken, "nextPageToken is null");
  }
}
