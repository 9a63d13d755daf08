package io.insightmesh.sdk.catalog;

import io.insightmesh.sdk.MeshException;

/** Nothing answers where the catalog service should be. */
public class CatalogNotRunningException extends MeshException {
  public CatalogNotRunningException(String message, Throwable cause) {
    super(message, cause);
  }

  public CatalogNotRunningException(String message) {
    super(message);
  }
}
