package io.insightmesh.sdk.catalog;

import io.insightmesh.sdk.MeshException;

/** The catalog refused a request or answered something unusable; the message says which. */
public class CatalogRequestException extends MeshException {
  public CatalogRequestException(String message) {
    super(message);
  }

  public CatalogRequestException(String message, Throwable cause) {
    super(message, cause);
  }
}
