package io.insightmesh.it.catalog;

import org.apache.iceberg.rest.RESTCompatibilityKitCatalogTests;
import org.junit.jupiter.api.extension.ExtendWith;

/** Iceberg's REST Compatibility Kit, catalog suite, against the packaged service on Postgres. */
@ExtendWith(CompatibilityKitTarget.OnPostgres.class)
class CatalogCompatibilityOnPostgresIT extends RESTCompatibilityKitCatalogTests {
  /**
   * Refused by design: the identifier allowlist rejects '/' in names, because names become
   * warehouse paths (docs/catalog/compatibility.md).
   */
  @Override
  protected boolean supportsNamesWithSlashes() {
    return false;
  }

  /** Namespaces nest: a domain can keep, say, a staging area below its own namespace. */
  @Override
  protected boolean supportsNestedNamespaces() {
    return true;
  }

  /**
   * Refused by design: the store joins namespace levels with dots, so a dot inside a level would
   * make {@code a.b} and {@code [a, b]} the same namespace (docs/catalog/compatibility.md).
   */
  @Override
  protected boolean supportsNamesWithDot() {
    return false;
  }
}
