package io.insightmesh.catalog.registry;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The table of a product's MAJOR version, {@code <domain>.<name>_v<major>} (DESIGN.md §4). The
 * registry accepts no other table and the catalog finds the contract it enforces on a commit by
 * parsing the same name back, so both read the convention from here: a table the registry accepts
 * is always one the catalog checks commits to and Trino's policy lets readers read, and lineage
 * puts on the product's node.
 */
public record ProductTable(ProductId product, int major) {
  /** The convention as error messages state it. */
  static final String RULE = "<domain>.<name>_v<major of contractVersion>";

  // Greedy, so claims.a_v1_v2 is major 2 of product claims.a_v1; majors as ContractVersion has
  // them.
  private static final Pattern VERSIONED = Pattern.compile("(.+)_v" + ContractVersion.NUMBER);

  public ProductTable {
    requireNonNull(product, "product is null");
    if (major < 0) {
      throw new IllegalArgumentException("Invalid major " + major + ": must be >= 0");
    }
  }

  /** The table holding {@code product}'s data under contracts of {@code version}'s major. */
  static ProductTable of(ProductId product, ContractVersion version) {
    return new ProductTable(product, version.major());
  }

  /**
   * The product and major {@code table} holds by the convention, if its name follows it: one
   * namespace level, the domain, and a table name {@code <name>_v<major>}. Whether that product is
   * registered is the caller's question.
   */
  public static Optional<ProductTable> parse(TableIdentifier table) {
    if (table.namespace().levels().length != 1) {
      return Optional.empty();
    }
    Matcher matcher = VERSIONED.matcher(table.name());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    String domain = table.namespace().level(0);
    String name = matcher.group(1);
    if (!ProductId.isPart(domain) || !ProductId.isPart(name)) {
      return Optional.empty();
    }
    return Optional.of(
        new ProductTable(ProductId.of(domain, name), Integer.parseInt(matcher.group(2))));
  }

  TableIdentifier identifier() {
    return TableIdentifier.of(product.domain(), product.name() + "_v" + major);
  }
}
