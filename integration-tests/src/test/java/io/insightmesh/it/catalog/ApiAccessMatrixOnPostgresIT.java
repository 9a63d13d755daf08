package io.insightmesh.it.catalog;

import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.Stores;

class ApiAccessMatrixOnPostgresIT extends ApiAccessMatrixSuite {
  @Override
  CatalogServer server() {
    return Stores.catalog(Stores.Kind.POSTGRESQL);
  }
}
