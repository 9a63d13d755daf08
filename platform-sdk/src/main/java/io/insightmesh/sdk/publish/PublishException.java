package io.insightmesh.sdk.publish;

import io.insightmesh.sdk.MeshException;

/** A publish could not be carried out; the message names the product, the stage and the cause. */
public class PublishException extends MeshException {
  public PublishException(String message) {
    super(message);
  }

  public PublishException(String message, Throwable cause) {
    super(message, cause);
  }
}
