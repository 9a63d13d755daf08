package io.insightmesh.catalog.lineage;

/**
 * A lineage event contradicts what is stored, such as a run id already recorded for another job
 * (HTTP 409). Nothing of the request is stored.
 */
public class LineageConflictException extends RuntimeException {
  public LineageConflictException(String message) {
    super(message);
  }
}
