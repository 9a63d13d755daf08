package io.insightmesh.catalog.registry;

/** The product has no contract (of the requested version) stored. */
public class NoSuchContractException extends RuntimeException {
  public NoSuchContractException(String message) {
    super(message);
  }
}
