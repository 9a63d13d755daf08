package io.insightmesh.it.catalog;

import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.Stores;

class IcebergAccessMatrixOnPostgresIT extends IcebergAccessMatrixSuite {
  @Override
  CatalogServer server() {
    return Stores.catalog(Stores.Kind.POSTGRESQL);
  }
}
