package io.insightmesh.catalog.policy;

import java.util.Locale;

/**
 * The SQL a contract's {@code mask} strategy stands for, as a Trino column-mask expression. Trino
 * substitutes the expression for the column wherever the table is read, so views, joins, CTAS and
 * predicates all see the masked value; the expression refers only to the column itself and built-in
 * functions, so the masked user cannot influence it. Each expression keeps the column's type, as
 * Trino requires; a strategy that does not fit the type, or an unknown one, hides the value
 * entirely (fail closed).
 */
final class MaskExpressions {
  /** What a redacted string reads as. */
  static final String REDACTED = "REDACTED";

  private MaskExpressions() {}

  /**
   * The mask of column {@code column} of Trino type {@code type} under {@code strategy}.
   *
   * @param strategy the contract's mask strategy, e.g. {@code partial}; null when the field is PII
   *     without a strategy
   */
  static String of(String strategy, String column, String type) {
    String c = quote(column);
    String normalizedType = type.strip().toLowerCase(Locale.ROOT);
    boolean text = normalizedType.startsWith("varchar") || normalizedType.startsWith("char");
    boolean temporal = normalizedType.equals("date") || normalizedType.startsWith("timestamp");
    String name = strategy == null ? "redact" : strategy.strip().toLowerCase(Locale.ROOT);
    if (text) {
      return "CAST(" + textMask(name, c) + " AS " + normalizedType + ")";
    }
    if (temporal && name.equals("year")) {
      return "CAST(date_trunc('year', " + c + ") AS " + normalizedType + ")";
    }
    return "CAST(NULL AS " + normalizedType + ")";
  }

  private static String textMask(String strategy, String c) {
    String length = "length(" + c + ")";
    switch (strategy) {
      case "partial":
        // A NINO QQ123456C reads QQ******C: the prefix and suffix letters, never the digits.
        return "CASE WHEN "
            + length
            + " > 4 THEN concat(substr("
            + c
            + ", 1, 2), "
            + stars(length + " - 3")
            + ", substr("
            + c
            + ", "
            + length
            + ")) ELSE "
            + stars(length)
            + " END";
      case "last4":
        return "CASE WHEN "
            + length
            + " > 4 THEN concat("
            + stars(length + " - 4")
            + ", substr("
            + c
            + ", "
            + length
            + " - 3)) ELSE "
            + stars(length)
            + " END";
      case "district":
        // A postcode's outward code (SW1A of SW1A 1AA): the district, not the street.
        return "CASE WHEN strpos("
            + c
            + ", ' ') > 0 THEN split_part("
            + c
            + ", ' ', 1) WHEN "
            + length
            + " > 3 THEN substr("
            + c
            + ", 1, "
            + length
            + " - 3) ELSE "
            + stars(length)
            + " END";
      case "network":
        // An IPv4 address's /24 network; any other form is hidden whole.
        return "CASE WHEN regexp_like("
            + c
            + ", '^[0-9]{1,3}(\\.[0-9]{1,3}){3}$') THEN"
            + " regexp_replace("
            + c
            + ", '\\.[0-9]{1,3}$', '.0') WHEN "
            + c
            + " IS NULL THEN NULL ELSE '"
            + REDACTED
            + "' END";
      case "hash":
        // Equal values hash equally, so analysts can still count and join on the column.
        return "to_hex(sha256(to_utf8(" + c + ")))";
      default:
        return "CASE WHEN " + c + " IS NULL THEN NULL ELSE '" + REDACTED + "' END";
    }
  }

  /** As many {@code *} as {@code length} says. */
  private static String stars(String length) {
    return "lpad('', " + length + ", '*')";
  }

  private static String quote(String column) {
    return "\"" + column.replace("\"", "\"\"") + "\"";
  }
}
