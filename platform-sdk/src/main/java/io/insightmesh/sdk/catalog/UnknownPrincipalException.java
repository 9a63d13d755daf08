package io.insightmesh.sdk.catalog;

import io.insightmesh.sdk.MeshException;

/** No credentials are seeded for the principal asked for. */
public class UnknownPrincipalException extends MeshException {
  public UnknownPrincipalException(String message) {
    super(message);
  }
}
