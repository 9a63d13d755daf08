package io.insightmesh.catalog.iceberg;

/**
 * A commit would take a product's table beyond what its contract allows (HTTP 422). Not a conflict:
 * retrying cannot succeed until a new contract version is released.
 */
public class ContractViolationException extends RuntimeException {
  public ContractViolationException(String message) {
    super(message);
  }
}
