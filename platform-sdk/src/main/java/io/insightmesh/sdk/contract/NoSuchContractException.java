package io.insightmesh.sdk.contract;

import io.insightmesh.sdk.MeshException;

/** The catalog has no contract for the product asked for (or does not know the product). */
public class NoSuchContractException extends MeshException {
  public NoSuchContractException(String message) {
    super(message);
  }
}
