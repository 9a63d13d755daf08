package io.insightmesh.contracts.spec;

/** A contract is unreadable or breaks the platform's contract rules; the message names both. */
public class InvalidContractException extends IllegalArgumentException {
  public InvalidContractException(String message) {
    super(message);
  }

  public InvalidContractException(String message, Throwable cause) {
    super(message, cause);
  }
}
