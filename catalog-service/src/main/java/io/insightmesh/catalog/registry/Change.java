package io.insightmesh.catalog.registry;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;

/** Who made a change to the registry and when. */
public record Change(String by, OffsetDateTime at) {
  public Change {
    requireNonNull(by, "by is null");
    requireNonNull(at, "at is null");
  }
}
