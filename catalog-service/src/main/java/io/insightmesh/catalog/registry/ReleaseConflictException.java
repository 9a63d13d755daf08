package io.insightmesh.catalog.registry;

/**
 * A release version is already recorded with different content (HTTP 409). Releases are immutable;
 * sending the identical release again is answered with the recorded one.
 */
public class ReleaseConflictException extends RuntimeException {
  public ReleaseConflictException(String message) {
    super(message);
  }
}
