package io.insightmesh.catalog.registry;

import static java.util.Objects.requireNonNull;

/** The team that owns a product and the address its consumers write to. */
public record Owner(String team, String contact) {
  public Owner {
    requireNonNull(team, "team is null");
    requireNonNull(contact, "contact is null");
  }
}
