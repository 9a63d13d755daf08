package io.insightmesh.catalog.security;

/** The caller is known but its roles do not allow the action (HTTP 403). */
public class AccessDeniedException extends RuntimeException {
  public AccessDeniedException(String message) {
    super(message);
  }
}
