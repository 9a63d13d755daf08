package io.insightmesh.decisions.api;

/** A batch request that is not a bounded JSON array of claims. */
public class InvalidBatchException extends RuntimeException {
  public InvalidBatchException(String message) {
    super(message);
  }
}
