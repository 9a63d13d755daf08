package io.insightmesh.sdk.launcher;

import io.insightmesh.sdk.MeshException;

/** A component could not be started: not built, exited while starting, or never became ready. */
public class ComponentStartException extends MeshException {
  public ComponentStartException(String message) {
    super(message);
  }
}
