package io.insightmesh.catalog.lineage;

import io.insightmesh.catalog.lineage.LineageStore.Edge;
import io.insightmesh.catalog.lineage.LineageStore.Node;
import io.insightmesh.catalog.lineage.LineageStore.Use;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks the graph out from one node, level by level, one query per level and kind of edge. Depth
 * counts jobs: depth 1 from a dataset reaches the jobs that wrote it (upstream) or read it
 * (downstream) and their datasets on the same side; from a job, its own inputs or outputs. The walk
 * stops at a bound on nodes and says so.
 */
final class GraphWalk {
  private static final int EDGES_PER_NODE = 4;

  private final LineageStore store;
  private final Node root;
  private final int maxNodes;
  private final Set<Long> nodes = new LinkedHashSet<>();
  private final Set<Edge> edges = new LinkedHashSet<>();
  private boolean truncated;

  GraphWalk(LineageStore store, Node root, int maxNodes) {
    this.store = store;
    this.root = root;
    this.maxNodes = maxNodes;
    nodes.add(root.id());
  }

  /**
   * Walks {@code levels} jobs away. Upstream, a dataset's next jobs are those that used it as
   * {@code OUTPUT} and their next datasets those they used as {@code INPUT}; downstream the other
   * way round.
   */
  void walk(int levels, Use datasetToJob, Use jobToDataset) {
    Set<Long> seenDatasets = new HashSet<>();
    Set<Long> seenJobs = new HashSet<>();
    Set<Long> frontier;
    int level;
    if (root.isJob()) {
      seenJobs.add(root.id());
      frontier = datasetsOf(Set.of(root.id()), jobToDataset, seenDatasets);
      level = 1;
    } else {
      seenDatasets.add(root.id());
      frontier = Set.of(root.id());
      level = 0;
    }
    while (level < levels && !frontier.isEmpty() && !truncated) {
      Set<Long> jobs = new LinkedHashSet<>();
      for (Edge edge : bounded(store.edgesOfDatasets(frontier, datasetToJob, maxEdges() + 1))) {
        if (!add(edge, edge.job())) {
          break;
        }
        if (seenJobs.add(edge.job())) {
          jobs.add(edge.job());
        }
      }
      frontier = datasetsOf(jobs, jobToDataset, seenDatasets);
      level++;
    }
  }

  /**
   * The most edges one read takes: more edges than nodes join nodes already reached, so a few per
   * node; past it the walk is cut short, and says so, instead of reading every one.
   */
  private int maxEdges() {
    return EDGES_PER_NODE * maxNodes;
  }

  private List<Edge> bounded(List<Edge> read) {
    if (read.size() <= maxEdges()) {
      return read;
    }
    truncated = true;
    return read.subList(0, maxEdges());
  }

  /** Every node reached, the root first. */
  Set<Long> nodes() {
    return nodes;
  }

  /** Every edge walked, each once. */
  Set<Edge> edges() {
    return edges;
  }

  /** Whether the walk stopped at the node bound. */
  boolean truncated() {
    return truncated;
  }

  private Set<Long> datasetsOf(Set<Long> jobs, Use use, Set<Long> seen) {
    Set<Long> next = new LinkedHashSet<>();
    if (jobs.isEmpty() || truncated) {
      return next;
    }
    for (Edge edge : bounded(store.edgesOfJobs(jobs, use, maxEdges() + 1))) {
      if (!add(edge, edge.dataset())) {
        break;
      }
      if (seen.add(edge.dataset())) {
        next.add(edge.dataset());
      }
    }
    return next;
  }

  /** Adds the edge and its far node; false once that would pass the node bound. */
  private boolean add(Edge edge, long node) {
    if (!nodes.contains(node) && nodes.size() >= maxNodes) {
      truncated = true;
      return false;
    }
    nodes.add(edge.job());
    nodes.add(edge.dataset());
    edges.add(edge);
    return true;
  }
}
