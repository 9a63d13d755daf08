package io.insightmesh.sdk.contract;

import io.insightmesh.sdk.MeshException;

/**
 * A contract is unreadable, not a valid Avro schema, or breaks the platform's contract rules; the
 * message names the contract (its file or product) and the problem.
 */
public class InvalidContractException extends MeshException {
  public InvalidContractException(String message) {
    super(message);
  }

  public InvalidContractException(String message, Throwable cause) {
    super(message, cause);
  }
}
