package io.insightmesh.sdk.contract;

import static java.util.Objects.requireNonNull;

/**
 * Where a product's data lives: each MAJOR version of its contract is a table of its own, {@code
 * <domain>.<product>_v<major>} (DESIGN.md §4); MINOR and PATCH versions evolve that table in place.
 */
public final class TableNaming {
  private TableNaming() {}

  /**
   * The Iceberg table, {@code <namespace>.<table>}, holding {@code product} at {@code version}'s
   * major version: {@code claims.claims} at 2.1.0 is {@code claims.claims_v2}.
   */
  public static String forMajor(ProductId product, ContractVersion version) {
    requireNonNull(product, "product is null");
    requireNonNull(version, "version is null");
    return product.domain() + "." + product.name() + "_v" + version.major();
  }
}
