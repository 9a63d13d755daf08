package io.insightmesh.catalog.registry;

/** The product named in a request is not registered (HTTP 404). */
public class NoSuchProductException extends RuntimeException {
  public NoSuchProductException(String message) {
    super(message);
  }
}
