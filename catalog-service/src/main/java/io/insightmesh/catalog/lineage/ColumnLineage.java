package io.insightmesh.catalog.lineage;

import java.util.List;

/**
 * The upstream columns of one column: every column it is derived from, through at most {@code
 * depth} derivations, and the column edges between them.
 */
public record ColumnLineage(
    LineageGraph.ColumnRef root,
    int depth,
    List<LineageGraph.ColumnRef> columns,
    List<LineageGraph.ColumnEdge> edges) {
  public ColumnLineage {
    columns = List.copyOf(columns);
    edges = List.copyOf(edges);
  }
}
