package io.insightmesh.decisions.api;

/** A query parameter that breaks its rule; the message names both, never the value. */
public class InvalidParameterException extends RuntimeException {
  public InvalidParameterException(String parameter, String rule) {
    super("Invalid request: " + parameter + " " + rule);
  }
}
