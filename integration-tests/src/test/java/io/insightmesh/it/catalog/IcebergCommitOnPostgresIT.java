package io.insightmesh.it.catalog;

import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.Stores;

class IcebergCommitOnPostgresIT extends IcebergCommitSuite {
  @Override
  CatalogServer server() {
    return Stores.catalog(Stores.Kind.POSTGRESQL);
  }
}
