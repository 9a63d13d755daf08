package io.insightmesh.it.catalog;

import io.insightmesh.it.harness.CatalogServer;
import io.insightmesh.it.harness.Stores;

class IcebergCommitOnH2IT extends IcebergCommitSuite {
  @Override
  CatalogServer server() {
    return Stores.catalog(Stores.Kind.H2);
  }
}
