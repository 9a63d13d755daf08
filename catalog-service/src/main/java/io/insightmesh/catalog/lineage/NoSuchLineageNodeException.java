package io.insightmesh.catalog.lineage;

/** No lineage event has named the dataset or job asked for (HTTP 404). */
public class NoSuchLineageNodeException extends RuntimeException {
  public NoSuchLineageNodeException(String message) {
    super(message);
  }
}
