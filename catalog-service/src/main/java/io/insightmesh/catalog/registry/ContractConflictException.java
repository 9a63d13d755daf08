package io.insightmesh.catalog.registry;

/** A contract version is already stored with a different schema; contract versions never change. */
public class ContractConflictException extends RuntimeException {
  public ContractConflictException(String message) {
    super(message);
  }
}
