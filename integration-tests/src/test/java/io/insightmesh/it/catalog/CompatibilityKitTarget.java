package io.insightmesh.it.catalog;

import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.Stores;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Points Iceberg's REST Compatibility Kit at our packaged catalog on one store. The kit reads its
 * client properties from system properties, so they are set before its own {@code @BeforeAll}.
 */
abstract class CompatibilityKitTarget implements BeforeAllCallback {
  abstract Stores.Kind kind();

  @Override
  public void beforeAll(ExtensionContext context) {
    CatalogServer server = Stores.compatibilityKitCatalog(kind());
    System.setProperty("uri", server.icebergUri());
    System.setProperty("warehouse", "mesh");
    System.setProperty("credential", server.credential("admin"));
    System.setProperty("oauth2-server-uri", server.tokenUri());
    System.setProperty("scope", "catalog");
    System.setProperty("rest.auth.type", "oauth2");
    // Namespaces are domains here: a table needs its namespace to exist first (strict mode).
    System.setProperty("rck.requires-namespace-create", "true");
  }

  static final class OnH2 extends CompatibilityKitTarget {
    @Override
    Stores.Kind kind() {
      return Stores.Kind.H2;
    }
  }

  static final class OnPostgres extends CompatibilityKitTarget {
    @Override
    Stores.Kind kind() {
      return Stores.Kind.POSTGRESQL;
    }
  }
}
