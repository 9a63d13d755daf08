package io.insightmesh.catalog.security;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/** The authenticated principal behind a request and the roles its token carries. */
public record Caller(String principal, Set<Role> roles) {
  public Caller {
    requireNonNull(principal, "principal is null");
    roles = Set.copyOf(requireNonNull(roles, "roles is null"));
  }

  public boolean has(Role role) {
    return roles.contains(role);
  }

  public boolean isAdmin() {
    return has(Role.ADMIN);
  }

  /** Whether this caller's team owns {@code domain}. */
  public boolean ownsDomain(String domain) {
    return roles.stream().anyMatch(role -> role.ownedDomain().filter(domain::equals).isPresent());
  }

  /** Whether this caller owns any domain at all. */
  public boolean isDomainOwner() {
    return roles.stream().anyMatch(role -> role.ownedDomain().isPresent());
  }
}
