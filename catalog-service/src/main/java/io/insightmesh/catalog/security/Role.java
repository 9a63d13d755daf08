package io.insightmesh.catalog.security;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A platform role (DESIGN.md §5): {@code admin}, {@code analyst}, {@code pii-analyst}, {@code
 * case-worker}, {@code scoring-engine}, {@code trino}, or {@code domain-owner:<domain>}.
 */
public record Role(String name) {
  public static final Role ADMIN = new Role("admin");
  public static final Role ANALYST = new Role("analyst");
  public static final Role PII_ANALYST = new Role("pii-analyst");
  public static final Role CASE_WORKER = new Role("case-worker");
  public static final Role SCORING_ENGINE = new Role("scoring-engine");

  /** The query engine's service principal: it reads for its users, who are checked by policy. */
  public static final Role TRINO = new Role("trino");

  private static final String DOMAIN_OWNER_PREFIX = "domain-owner:";
  private static final Pattern DOMAIN = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final java.util.Set<String> FIXED =
      java.util.Set.of("admin", "analyst", "pii-analyst", "case-worker", "scoring-engine", "trino");

  public Role {
    requireNonNull(name, "name is null");
  }

  /**
   * Parses a role name.
   *
   * @throws IllegalArgumentException if the name is not a platform role
   */
  public static Role parse(String name) {
    requireNonNull(name, "name is null");
    String normalized = name.strip().toLowerCase(Locale.ROOT);
    if (FIXED.contains(normalized)) {
      return new Role(normalized);
    }
    if (normalized.startsWith(DOMAIN_OWNER_PREFIX)
        && DOMAIN.matcher(normalized.substring(DOMAIN_OWNER_PREFIX.length())).matches()) {
      return new Role(normalized);
    }
    throw new IllegalArgumentException(
        "Invalid role '"
            + name
            + "': must be one of "
            + FIXED
            + " or domain-owner:<domain> with a lower-case domain name");
  }

  /** The role of the team owning {@code domain}. */
  public static Role domainOwner(String domain) {
    return parse(DOMAIN_OWNER_PREFIX + domain);
  }

  /** The domain this role owns, if it is a domain-owner role. */
  public Optional<String> ownedDomain() {
    return name.startsWith(DOMAIN_OWNER_PREFIX)
        ? Optional.of(name.substring(DOMAIN_OWNER_PREFIX.length()))
        : Optional.empty();
  }

  @Override
  public String toString() {
    return name;
  }
}
