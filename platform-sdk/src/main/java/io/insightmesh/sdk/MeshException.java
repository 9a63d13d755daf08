package io.insightmesh.sdk;

/**
 * A failure the user can act on: its message names the problem and, where there is one, the way
 * out. The command line prints the message alone, without a stack trace.
 */
public class MeshException extends RuntimeException {
  public MeshException(String message) {
    super(message);
  }

  public MeshException(String message, Throwable cause) {
    super(message, cause);
  }
}
