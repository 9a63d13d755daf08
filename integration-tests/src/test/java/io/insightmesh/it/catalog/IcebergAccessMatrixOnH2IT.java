package io.insightmesh.it.catalog;

import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.Stores;

class IcebergAccessMatrixOnH2IT extends IcebergAccessMatrixSuite {
  @Override
  CatalogServer server() {
    return Stores.catalog(Stores.Kind.H2);
  }
}
