package io.insightmesh.sdk.launcher;

import io.insightmesh.sdk.MeshException;

/**
 * A component asked for on one port already runs, started from the same data directory, on another:
 * {@code ./mesh up} will not move it, nor start a second one beside it.
 */
public class AlreadyRunningException extends MeshException {
  public AlreadyRunningException(String message) {
    super(message);
  }
}
