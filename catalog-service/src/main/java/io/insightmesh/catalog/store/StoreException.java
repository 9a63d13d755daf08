package io.insightmesh.catalog.store;

/** The metadata database failed in a way the caller cannot fix by changing its request. */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
