package io.insightmesh.sdk.contract;

/**
 * Field paths as reports print them: {@code payment.amount}, {@code address.lines[]}, {@code
 * features{}.score}, {@code payment<Card>.number}; the same notation as the contracts module's
 * {@code ContractSpec.piiTags}.
 */
final class SchemaPaths {
  private SchemaPaths() {}

  static String field(String parent, String name) {
    return parent.isEmpty() ? name : parent + "." + name;
  }

  static String elements(String parent) {
    return parent + "[]";
  }

  static String values(String parent) {
    return parent + "{}";
  }

  static String branch(String parent, String label) {
    return parent + "<" + label + ">";
  }

  /** The path as printed: the top-level record is {@link SchemaChange#ROOT}. */
  static String display(String path) {
    return path.isEmpty() ? SchemaChange.ROOT : path;
  }

  /** Whether {@code path} is {@code ancestor} or lies inside it (both as displayed). */
  static boolean within(String path, String ancestor) {
    if (ancestor.equals(SchemaChange.ROOT) || path.equals(ancestor)) {
      return true;
    }
    return path.length() > ancestor.length()
        && path.startsWith(ancestor)
        && ".[{<".indexOf(path.charAt(ancestor.length())) >= 0;
  }
}
