package io.insightmesh.catalog.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The lower-cased text a product is found by: identity, description, tags, and declared and table
 * field names with their docs. Kept in one column so a search is a few {@code LIKE}s that H2 and
 * PostgreSQL both run the same way, without a full-text engine.
 */
final class SearchText {
  // Search words never hold a line break, so no word can match across two parts.
  private static final String SEPARATOR = "\n";

  private SearchText() {}

  static String of(Product product) {
    ProductDefinition definition = product.definition();
    List<String> parts = new ArrayList<>();
    parts.add(definition.id().toString());
    parts.add(definition.description());
    parts.addAll(definition.tags());
    for (ProductField field : definition.fields()) {
      parts.add(field.name());
      field.doc().ifPresent(parts::add);
    }
    parts.addAll(product.tableFields());
    return String.join(SEPARATOR, parts).toLowerCase(Locale.ROOT);
  }

  /** A {@code LIKE} pattern matching {@code term} anywhere, with {@code !} as escape character. */
  static String containing(String term) {
    return "%" + term.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
  }
}
