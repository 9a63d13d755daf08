package io.insightmesh.decisions.cases;

/** A claim id the engine has no durable decision for. */
public class NoSuchClaimException extends RuntimeException {
  public NoSuchClaimException(String message) {
    super(message);
  }
}
