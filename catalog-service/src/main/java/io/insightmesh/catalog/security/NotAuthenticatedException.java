package io.insightmesh.catalog.security;

/** The request carries no valid bearer token (HTTP 401). */
public class NotAuthenticatedException extends RuntimeException {
  public NotAuthenticatedException(String message) {
    super(message);
  }

  public NotAuthenticatedException(String message, Throwable cause) {
    super(message, cause);
  }
}
