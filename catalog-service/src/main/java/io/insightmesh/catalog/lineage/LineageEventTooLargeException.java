package io.insightmesh.catalog.lineage;

/** A lineage request body is larger than the ingestion endpoint accepts (HTTP 413). */
public class LineageEventTooLargeException extends RuntimeException {
  public LineageEventTooLargeException(String message) {
    super(message);
  }
}
