package io.insightmesh.decisions.assess;

/** The engine cannot assess yet: it is still taking back the decisions it made before a restart. */
public class EngineRecoveringException extends RuntimeException {
  public EngineRecoveringException(String message) {
    super(message);
  }
}
