package io.insightmesh.catalog.iceberg;

import java.util.regex.Pattern;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The identifier allowlist: namespace levels are letters, digits, {@code _} and {@code -}; table
 * and view names may also hold single dots; all at most 255 characters. Quotes, {@code *}, slashes
 * (also encoded), {@code ..} and control characters never reach the store or the warehouse paths
 * derived from names. Namespace levels carry no dot because the store joins levels with dots.
 */
final class Identifiers {
  static final int MAX_LENGTH = 255;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]*");
  private static final Pattern LEVEL = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_\\-]*");

  private Identifiers() {}

  static Namespace checkNamespace(String field, Namespace namespace) {
    if (namespace.isEmpty()) {
      throw new IllegalArgumentException("Invalid " + field + ": must not be empty");
    }
    for (String level : namespace.levels()) {
      check(field, level, LEVEL, "letters, digits, '_' and '-'");
    }
    // The JDBC catalog stores the levels joined by dots in a column of this width: longer failed
    // in the database (500).
    int joined = String.join(".", namespace.levels()).length();
    if (joined > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "Invalid "
              + field
              + ": its levels joined by '.' are longer than "
              + MAX_LENGTH
              + " characters");
    }
    return namespace;
  }

  /** The longest namespace property value the JDBC catalog's column holds. */
  static final int MAX_PROPERTY_VALUE_LENGTH = 1_000;

  /**
   * Namespace properties the JDBC catalog can store (keys of {@link #MAX_LENGTH}, values of {@link
   * #MAX_PROPERTY_VALUE_LENGTH} characters): longer failed in the database (500).
   */
  static void checkNamespaceProperties(String field, java.util.Map<String, String> properties) {
    if (properties == null) {
      return;
    }
    for (java.util.Map.Entry<String, String> property : properties.entrySet()) {
      String key = property.getKey();
      if (key == null || key.isEmpty() || key.length() > MAX_LENGTH) {
        throw new IllegalArgumentException(
            "Invalid " + field + ": a property name must be 1 to " + MAX_LENGTH + " characters");
      }
      String value = property.getValue();
      if (value != null && value.length() > MAX_PROPERTY_VALUE_LENGTH) {
        throw new IllegalArgumentException(
            "Invalid "
                + field
                + "."
                + printable(key)
                + ": longer than "
                + MAX_PROPERTY_VALUE_LENGTH
                + " characters");
      }
    }
  }

  static TableIdentifier checkTable(String field, TableIdentifier identifier) {
    checkNamespace(field + ".namespace", identifier.namespace());
    checkName(field + ".name", identifier.name());
    return identifier;
  }

  static String checkName(String field, String name) {
    return check(field, name, NAME, "letters, digits, '_', '-' and single '.'");
  }

  private static String check(String field, String name, Pattern allowed, String rule) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("Invalid " + field + ": must not be empty");
    }
    if (name.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "Invalid " + field + ": longer than " + MAX_LENGTH + " characters");
    }
    if (!allowed.matcher(name).matches() || name.contains("..")) {
      throw new IllegalArgumentException(
          "Invalid "
              + field
              + " '"
              + printable(name)
              + "': only "
              + rule
              + " are allowed, starting with a letter, digit or '_'");
    }
    return name;
  }

  // Control characters are shown escaped so an error message cannot forge log lines.
  private static String printable(String name) {
    StringBuilder out = new StringBuilder();
    name.codePoints()
        .limit(64)
        .forEach(
            c -> {
              if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return name.length() > 64 ? out + "…" : out.toString();
  }
}
