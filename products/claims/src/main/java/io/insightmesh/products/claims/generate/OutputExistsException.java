package io.insightmesh.products.claims.generate;

/** The output directory already holds a run (or is not a directory) and may not be replaced. */
public final class OutputExistsException extends RuntimeException {
  public OutputExistsException(String message) {
    super(message);
  }
}
