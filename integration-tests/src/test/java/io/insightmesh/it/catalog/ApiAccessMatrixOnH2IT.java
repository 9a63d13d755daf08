package io.insightmesh.it.catalog;

import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.Stores;

class ApiAccessMatrixOnH2IT extends ApiAccessMatrixSuite {
  @Override
  CatalogServer server() {
    return Stores.catalog(Stores.Kind.H2);
  }
}
