package io.insightmesh.catalog.registry;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A data product's identity, {@code <domain>.<name>} (DESIGN.md §4): {@code claims.claims}, {@code
 * risk.decisions}. Both parts are lower-case letters, digits and {@code _}, starting with a letter,
 * at most 64 characters, so an identity is also a safe SQL identifier, path segment and log token.
 */
public record ProductId(String domain, String name) {
  /** The allowlist for each part, as error messages state it. */
  static final String PART_RULE = "[a-z][a-z0-9_]{0,63}";

  private static final Pattern PART = Pattern.compile(PART_RULE);

  public ProductId {
    requireNonNull(domain, "domain is null");
    requireNonNull(name, "name is null");
    checkPart("domain", domain);
    checkPart("name", name);
  }

  /**
   * The product {@code name} in {@code domain}.
   *
   * @throws IllegalArgumentException naming {@code domain} or {@code name} if either part breaks
   *     the allowlist
   */
  public static ProductId of(String domain, String name) {
    return new ProductId(domain, name);
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
      throw new IllegalArgumentException(
          "Invalid product id '"
              + Texts.printable(text)
              + "': must be <domain>.<name>, each part matching "
              + PART_RULE);
    }
    return new ProductId(text.substring(0, dot), text.substring(dot + 1));
  }

  /** Whether {@code text} is an allowlisted domain or product name. */
  static boolean isPart(String text) {
    return text != null && PART.matcher(text).matches();
  }

  @Override
  public String toString() {
    return domain + "." + name;
  }

  /** Refuses {@code value} for {@code field} unless it is an allowlisted part. */
  static void checkPart(String field, String value) {
    if (!PART.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "Invalid "
              + field
              + " '"
              + Texts.printable(value)
              + "': must match "
              + PART_RULE
              + " (lower-case letters, digits and '_', starting with a letter, at most 64)");
    }
  }
}
