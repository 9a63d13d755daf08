package io.insightmesh.catalog.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.catalog.lineage.LineageStore.Edge;
import io.insightmesh.catalog.lineage.LineageStore.Node;
import io.insightmesh.catalog.lineage.LineageStore.Use;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The walk's bound: a wide graph stops at the node limit and says it was cut short. */
class GraphWalkTest {
  /** Dataset 1 is read by jobs from 100 on, each writing its own dataset. */
  private static final class WideStore implements LineageStore {
    private final int readers;
    private int largestRead;

    WideStore(int readers) {
      this.readers = readers;
    }

    @Override
    public List<Edge> edgesOfDatasets(Collection<Long> datasets, Use use, int limit) {
      List<Edge> edges = new ArrayList<>();
      if (use == Use.INPUT && datasets.contains(1L)) {
        for (long job = 100; job < 100 + readers && edges.size() < limit; job++) {
          edges.add(new Edge(job, 1, Use.INPUT));
        }
      }
      largestRead = Math.max(largestRead, edges.size());
      return edges;
    }

    @Override
    public List<Edge> edgesOfJobs(Collection<Long> jobs, Use use, int limit) {
      List<Edge> edges =
          use == Use.OUTPUT
              ? jobs.stream()
                  .map(job -> new Edge(job, job + 1_000_000, Use.OUTPUT))
                  .limit(limit)
                  .toList()
              : List.<Edge>of();
      largestRead = Math.max(largestRead, edges.size());
      return edges;
    }

    @Override
    public List<Ingestion.Outcome> store(List<NormalisedEvent> events, String receivedBy) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Node> node(String nodeId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Map<Long, Node> nodes(Collection<Long> ids) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<ColumnEdge> columnEdgesFrom(Collection<Long> outputs) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<ColumnEdge> columnEdgesInto(long outputNode, String outputColumn) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Run> runs(long job, OptionalLong before, int limit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Map<String, List<RunDataset>> runDatasets(Collection<String> runIds) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Events events(
        Optional<OffsetDateTime> from,
        Optional<OffsetDateTime> to,
        Optional<EventCursor> cursor,
        int limit,
        long maxChars) {
      throw new UnsupportedOperationException();
    }
  }

  private static final Node ROOT =
      new Node(
          1,
          "dataset:claims.claims",
          "PRODUCT",
          "insight-mesh",
          "claims.claims",
          Optional.of("claims.claims"),
          Optional.empty(),
          "{}");

  @Test
  void aGraphWithinTheBoundIsWhole() {
    GraphWalk walk = new GraphWalk(new WideStore(50), ROOT, 1000);

    walk.walk(1, Use.INPUT, Use.OUTPUT);

    assertThat(walk.nodes()).hasSize(101);
    assertThat(walk.edges()).hasSize(100);
    assertThat(walk.truncated()).isFalse();
  }

  @Test
  void aGraphPastTheBoundIsCutAndSaysSo() {
    GraphWalk walk = new GraphWalk(new WideStore(50), ROOT, 30);

    walk.walk(3, Use.INPUT, Use.OUTPUT);

    assertThat(walk.nodes()).hasSize(30);
    assertThat(walk.truncated()).isTrue();
    // Every edge kept joins nodes that are kept.
    for (Edge edge : walk.edges()) {
      assertThat(walk.nodes()).contains(edge.job(), edge.dataset());
    }
  }

  @Test
  void aDatasetReadByAMillionQueriesIsReadOnlyAsFarAsTheBound() {
    // Every Trino query is a job of its own: a popular product's readers grow without end, and
    // the walk read all of them before cutting the graph at its bound.
    WideStore store = new WideStore(1_000_000);
    GraphWalk walk = new GraphWalk(store, ROOT, 1000);

    walk.walk(1, Use.INPUT, Use.OUTPUT);

    assertThat(walk.truncated()).isTrue();
    assertThat(walk.nodes()).hasSize(1000);
    assertThat(store.largestRead).isLessThanOrEqualTo(4 * 1000 + 1);
  }
}
