package io.insightmesh.catalog.lineage;

import java.util.List;

/** What became of each event of an ingestion request, in the order they were sent. */
public record Ingestion(List<Ingested> events) {
  public Ingestion {
    events = List.copyOf(events);
  }

  /** Whether any event was stored now: {@code false} when every event was stored before. */
  public boolean storedAny() {
    return events.stream().anyMatch(event -> event.outcome() == Outcome.STORED);
  }

  /** Whether an event was stored now or had been stored before under the same identity. */
  public enum Outcome {
    STORED,
    DUPLICATE
  }

  /**
   * One event: stored now, or a duplicate of one stored before (same run, type and time); and the
   * node each of its datasets was named as.
   */
  public record Ingested(
      String runId,
      String eventType,
      String eventTime,
      Outcome outcome,
      List<DatasetNaming> datasets) {}

  /** The producer named a dataset {@code namespace} and {@code name}; the graph calls it nodeId. */
  public record DatasetNaming(String namespace, String name, String nodeId) {}
}
