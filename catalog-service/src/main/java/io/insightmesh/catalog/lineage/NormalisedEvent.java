package io.insightmesh.catalog.lineage;

import static java.util.Objects.requireNonNull;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A checked run event with every dataset named by its node (see {@link DatasetNames}), ready to be
 * stored. {@code eventJson} is the event as stored and served: datasets renamed, the producer's
 * names kept as {@code symlinks}, literals taken out of query texts.
 */
record NormalisedEvent(
    UUID runId,
    String eventType,
    OffsetDateTime eventTime,
    String producer,
    String jobNamespace,
    String jobName,
    String eventJson,
    String runFacetsJson,
    String jobFacetsJson,
    List<DatasetUse> inputs,
    List<DatasetUse> outputs,
    List<ColumnEdge> columnEdges,
    List<Ingestion.DatasetNaming> namings) {
  NormalisedEvent {
    requireNonNull(runId, "runId is null");
    requireNonNull(eventType, "eventType is null");
    requireNonNull(eventTime, "eventTime is null");
    requireNonNull(producer, "producer is null");
    requireNonNull(jobNamespace, "jobNamespace is null");
    requireNonNull(jobName, "jobName is null");
    requireNonNull(eventJson, "eventJson is null");
    requireNonNull(runFacetsJson, "runFacetsJson is null");
    requireNonNull(jobFacetsJson, "jobFacetsJson is null");
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
    columnEdges = List.copyOf(columnEdges);
    namings = List.copyOf(namings);
  }

  /** The job's node id: {@code job:<namespace>:<name>}. */
  String jobNodeId() {
    return jobNodeId(jobNamespace, jobName);
  }

  static String jobNodeId(String namespace, String name) {
    return "job:" + namespace + ":" + name;
  }

  /** A dataset the run read or wrote, with its dataset facets as stored. */
  record DatasetUse(DatasetNode node, String facetsJson) {
    DatasetUse {
      requireNonNull(node, "node is null");
      requireNonNull(facetsJson, "facetsJson is null");
    }
  }

  /** Output column {@code output.outputColumn} is derived from {@code input.inputColumn}. */
  record ColumnEdge(
      DatasetNode output,
      String outputColumn,
      DatasetNode input,
      String inputColumn,
      String transformationType,
      String transformationSubtype,
      boolean masking) {
    ColumnEdge {
      requireNonNull(output, "output is null");
      requireNonNull(outputColumn, "outputColumn is null");
      requireNonNull(input, "input is null");
      requireNonNull(inputColumn, "inputColumn is null");
      requireNonNull(transformationType, "transformationType is null");
      requireNonNull(transformationSubtype, "transformationSubtype is null");
    }
  }
}
