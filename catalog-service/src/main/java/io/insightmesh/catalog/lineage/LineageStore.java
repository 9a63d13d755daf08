package io.insightmesh.catalog.lineage;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where lineage is kept: the events as stored, the runs they describe, and the graph's nodes and
 * edges. Nodes have numeric ids inside the store; the API names them by node id ({@code
 * dataset:claims.claims}, {@code job:<namespace>:<name>}).
 */
interface LineageStore {

  /** The kind of a job node; dataset nodes have their {@link DatasetNode.Kind}'s name. */
  String JOB = "JOB";

  /** Which way a dataset is used by a run. */
  enum Use {
    INPUT,
    OUTPUT
  }

  /** A node of the graph: a job or a dataset. */
  record Node(
      long id,
      String nodeId,
      String kind,
      String namespace,
      String name,
      Optional<String> product,
      Optional<String> table,
      String facetsJson) {
    public Node {
      requireNonNull(nodeId, "nodeId is null");
      requireNonNull(kind, "kind is null");
      requireNonNull(product, "product is null");
      requireNonNull(table, "table is null");
    }

    boolean isJob() {
      return kind.equals(JOB);
    }
  }

  /** A job read or wrote a dataset in at least one run. */
  record Edge(long job, long dataset, Use use) {}

  /** A column derived from another, as some run reported it. */
  record ColumnEdge(
      long outputNode,
      String outputColumn,
      long inputNode,
      String inputColumn,
      String transformationType,
      String transformationSubtype,
      boolean masking) {}

  /** A run as its events left it. */
  record Run(
      long sequence,
      String runId,
      String state,
      OffsetDateTime stateTime,
      Optional<OffsetDateTime> startedAt,
      Optional<OffsetDateTime> endedAt,
      String facetsJson,
      OffsetDateTime createdAt,
      OffsetDateTime updatedAt) {}

  /** A dataset a run used, by node id. */
  record RunDataset(String nodeId, Use use) {}

  /** A stored event, as stored. */
  record Event(long id, OffsetDateTime eventTime, String json) {}

  /** Where a page of events newest first continues: below this time and id. */
  record EventCursor(OffsetDateTime eventTime, long id) {}

  /**
   * Stores the events in one transaction, each once: an event whose run id, type and time are
   * stored already is a duplicate and changes nothing.
   *
   * @throws LineageConflictException if an event's run is stored under another job; nothing of the
   *     request is stored then
   */
  List<Ingestion.Outcome> store(List<NormalisedEvent> events, String receivedBy);

  /** The node with this node id, if any event named it. */
  Optional<Node> node(String nodeId);

  /** The nodes with these store ids. */
  Map<Long, Node> nodes(Collection<Long> ids);

  /**
   * The jobs that used any of {@code datasets} the given way, as distinct edges, at most {@code
   * limit} of them: a product every Trino query reads has a job per query ever run.
   */
  List<Edge> edgesOfDatasets(Collection<Long> datasets, Use use, int limit);

  /**
   * The datasets any of {@code jobs} used the given way, as distinct edges, at most {@code limit}.
   */
  List<Edge> edgesOfJobs(Collection<Long> jobs, Use use, int limit);

  /** Distinct column edges whose output column belongs to one of {@code outputs}. */
  List<ColumnEdge> columnEdgesFrom(Collection<Long> outputs);

  /** Distinct column edges into one column. */
  List<ColumnEdge> columnEdgesInto(long outputNode, String outputColumn);

  /** The job's runs, newest first, below {@code before} when given, at most {@code limit}. */
  List<Run> runs(long job, OptionalLong before, int limit);

  /** The datasets each of the runs used. */
  Map<String, List<RunDataset>> runDatasets(Collection<String> runIds);

  /** A page of events, and whether more follow. */
  record Events(List<Event> events, boolean more) {}

  /**
   * Stored events newest first (event time, then arrival), with {@code from <= eventTime < to},
   * below {@code cursor}; at most {@code limit} events, and no more once {@code maxChars} of event
   * text are read (always at least one).
   */
  Events events(
      Optional<OffsetDateTime> from,
      Optional<OffsetDateTime> to,
      Optional<EventCursor> cursor,
      int limit,
      long maxChars);
}
