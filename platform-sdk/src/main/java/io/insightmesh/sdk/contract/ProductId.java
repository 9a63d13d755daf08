package io.insightmesh.sdk.contract;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A data product's identity, {@code <domain>.<name>} (DESIGN.md §4): {@code claims.claims}, {@code
 * risk.decisions}. Both parts are lower-case letters, digits and {@code _}, starting with a letter,
 * at most 64 characters: the catalog's rule, so an identity is also a safe path segment.
 */
public record ProductId(String domain, String name) {
  private static final String PART_RULE = "[a-z][a-z0-9_]{0,63}";
  private static final Pattern PART = Pattern.compile(PART_RULE);

  /**
   * @throws IllegalArgumentException naming the part that breaks the rule
   */
  public ProductId {
    requireNonNull(domain, "domain is null");
    requireNonNull(name, "name is null");
    if (!PART.matcher(domain).matches() || !PART.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "Invalid product id '" + domain + "." + name + "': each part must match " + PART_RULE);
    }
  }

  /**
   * Parses {@code <domain>.<name>}.
   *
   * @throws IllegalArgumentException if the text is not two allowlisted parts joined by one dot
   */
  public static ProductId parse(String text) {
    requireNonNull(text, "text is null");
    int dot = text.indexOf('.');
    if (dot < 0
        || text.indexOf('.', dot + 1) >= 0
        || !PART.matcher(text.substring(0, dot)).matches()
        || !PART.matcher(text.substring(dot + 1)).matches()) {
      String shown = text.length() > 64 ? text.substring(0, 64) + "…" : text;
      throw new IllegalArgumentException(
          "Invalid product id '"
              + shown.replaceAll("\\p{Cntrl}", "?")
              + "': must be <domain>.<name>, each part matching "
              + PART_RULE);
    }
    return new ProductId(text.substring(0, dot), text.substring(dot + 1));
  }

  @Override
  public String toString() {
    return domain + "." + name;
  }
}
