package io.insightmesh.sdk.launcher;

import io.insightmesh.sdk.MeshException;

/** The port a component must listen on is held by a process {@code ./mesh} did not start. */
public class PortInUseException extends MeshException {
  public PortInUseException(String message) {
    super(message);
  }
}
