package io.insightmesh.catalog.lineage;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The lineage around one node: datasets (by product identity) and jobs, the edges between them
 * ({@code dataset → job} where the job read the dataset, {@code job → dataset} where it wrote it)
 * and, when asked for, the column-level edges between the datasets shown.
 *
 * @param depth how many jobs away from the root the graph reaches
 * @param columnEdges column edges between the graph's datasets; null unless asked for
 * @param truncated whether the graph stopped at its node limit before reaching {@code depth}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LineageGraph(
    String root,
    String direction,
    int depth,
    List<Node> nodes,
    List<Edge> edges,
    List<ColumnEdge> columnEdges,
    boolean truncated) {
  public LineageGraph {
    requireNonNull(root, "root is null");
    requireNonNull(direction, "direction is null");
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
    columnEdges = columnEdges == null ? null : List.copyOf(columnEdges);
  }

  /**
   * A dataset or a job.
   *
   * @param type {@code DATASET} or {@code JOB}
   * @param kind for datasets: {@code PRODUCT}, {@code TABLE} (a catalog table no product claims) or
   *     {@code EXTERNAL}
   * @param fields for datasets: the columns of the newest {@code schema} facet
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Node(
      String id,
      String type,
      String kind,
      String namespace,
      String name,
      String product,
      String table,
      List<Field> fields) {}

  /** A column of a dataset, as its newest schema facet describes it. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Field(String name, String type) {}

  /** Data flows from {@code origin} to {@code destination}. */
  public record Edge(String origin, String destination) {}

  /** One column of one dataset node. */
  public record ColumnRef(String nodeId, String column) {}

  /** Column {@code destination} is derived from column {@code origin}, in these ways. */
  public record ColumnEdge(
      ColumnRef origin, ColumnRef destination, List<Transformation> transformations) {}

  /**
   * How a column was derived: OpenLineage's transformation {@code type} ({@code DIRECT}, {@code
   * INDIRECT}) and {@code subtype} ({@code IDENTITY}, {@code AGGREGATION}, ...), null when the
   * producer named none, and whether the derivation masks the value.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Transformation(String type, String subtype, boolean masking) {}
}
