package io.insightmesh.catalog.lineage;

/**
 * A lineage event breaks the OpenLineage spec or one of the catalog's bounds (HTTP 400). The
 * message names the field by its JSON path and the rule, never the value the producer sent.
 */
public class InvalidLineageEventException extends RuntimeException {
  public InvalidLineageEventException(String message) {
    super(message);
  }

  public InvalidLineageEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
