package io.insightmesh.catalog.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.insightmesh.catalog.http.QueryNumbers;
import io.insightmesh.catalog.iceberg.IcebergCatalogs;
import io.insightmesh.catalog.lineage.LineageEventParser.ParsedEvent;
import io.insightmesh.catalog.lineage.LineageStore.Edge;
import io.insightmesh.catalog.lineage.LineageStore.Node;
import io.insightmesh.catalog.lineage.LineageStore.Use;
import io.insightmesh.catalog.registry.Page;
import io.insightmesh.catalog.security.Authorizer;
import io.insightmesh.catalog.security.Caller;
import io.insightmesh.catalog.security.Role;
import io.insightmesh.catalog.usage.ProductUse;
import io.insightmesh.catalog.usage.UsageService;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Lineage (DESIGN.md §4): ingests OpenLineage run events from any producer, checked against the
 * spec and with every dataset named by its product identity ({@link DatasetNames}), and answers
 * graph, column-lineage, run and event queries.
 *
 * <p>Producers (domain owners, the scoring engine, Trino, admins) send; readers of the catalog
 * read. Every stored event is audited under its job's name, never its payload.
 */
@ApplicationScoped
public class LineageService {
  /** The largest request body accepted: 2 MiB. */
  static final int MAX_BODY_BYTES = 2 * 1024 * 1024;

  static final int DEFAULT_DEPTH = 3;
  static final int MAX_DEPTH = 10;
  static final int MAX_GRAPH_NODES = 1000;
  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 200;

  /** Pages of events stop early rather than grow past this many characters of event text. */
  static final long MAX_EVENT_PAGE_CHARS = 8L * 1024 * 1024;

  private static final int MAX_NODE_ID = 2100;
  private static final String NODE_ID_RULE =
      "required, dataset:<product id> (dataset:claims.claims), dataset:table:<namespace>.<table>,"
          + " dataset:<namespace>:<name> or job:<namespace>:<name>";

  private final LineageStore store;
  private final Authorizer authorizer;
  private final RegistryProducts products;
  private final EventNormaliser normaliser;
  private final MeterRegistry metrics;
  private final UsageService usage;

  LineageService(
      LineageStore store,
      Authorizer authorizer,
      RegistryProducts products,
      IcebergCatalogs catalogs,
      MeterRegistry metrics,
      UsageService usage) {
    this.store = store;
    this.usage = usage;
    this.authorizer = authorizer;
    this.products = products;
    this.normaliser =
        new EventNormaliser(
            new DatasetNames(
                catalogs.warehouseLocation(), Set.of("iceberg", catalogs.warehouseName())));
    this.metrics = metrics;
  }

  /**
   * Stores the run events in {@code body}, one OpenLineage {@code RunEvent} or a JSON array of
   * them: all or, if any breaks a rule, none. An event already stored (same run id, event type and
   * event time) is not stored again. The products each ended run read are recorded as usage ({@link
   * ProductReads}).
   *
   * @throws LineageEventTooLargeException if the body is larger than 2 MiB
   * @throws InvalidLineageEventException naming the first field that breaks the spec or a bound
   * @throws LineageConflictException if an event's run id is stored for another job
   * @throws io.insightmesh.catalog.security.AccessDeniedException unless the caller is a producer,
   *     and one that owns the domain of every product or catalog table an event names as output
   */
  public Ingestion ingest(InputStream body) {
    Caller caller = authorizer.checkLineageWrite("send", "lineage events");
    List<NormalisedEvent> events;
    try {
      List<ParsedEvent> parsed = LineageEventParser.parse(read(body));
      ProductResolver resolver = products.resolver();
      events = parsed.stream().map(event -> normaliser.normalise(event, resolver)).toList();
    } catch (InvalidLineageEventException | LineageEventTooLargeException e) {
      metrics.counter("mesh.catalog.lineage.events", "outcome", "invalid").increment();
      throw e;
    }
    events.forEach(this::checkOutputs);
    List<Ingestion.Outcome> outcomes = store.store(events, caller.principal());
    // Duplicates too: a producer retrying after a failure between these two writes still gets its
    // reads counted, and each product and run counts once.
    List<ProductUse> reads = new ArrayList<>();
    boolean fromQueryEngine = caller.has(Role.TRINO);
    events.forEach(event -> reads.addAll(ProductReads.of(event, fromQueryEngine, usage)));
    usage.record(reads);
    List<Ingestion.Ingested> ingested = new ArrayList<>();
    for (int index = 0; index < events.size(); index++) {
      NormalisedEvent event = events.get(index);
      Ingestion.Outcome outcome = outcomes.get(index);
      if (outcome == Ingestion.Outcome.STORED) {
        authorizer.recordWrite(
            caller, "lineage.ingest", "job " + event.jobNamespace() + ":" + event.jobName());
      }
      metrics
          .counter(
              "mesh.catalog.lineage.events", "outcome", outcome.name().toLowerCase(Locale.ROOT))
          .increment();
      ingested.add(
          new Ingestion.Ingested(
              event.runId().toString(),
              event.eventType(),
              timestamp(event.eventTime()),
              outcome,
              event.namings()));
    }
    return new Ingestion(ingested);
  }

  /**
   * The graph around {@code nodeId}: {@code depth} jobs upstream, downstream or both ways.
   *
   * @throws IllegalArgumentException naming the first parameter that breaks a rule
   * @throws NoSuchLineageNodeException if no stored event names the node
   */
  public LineageGraph graph(String nodeId, String depth, String direction, String columns) {
    authorizer.checkRead("read lineage of", describe(nodeId));
    String id = nodeId(nodeId);
    int levels = depth(depth);
    Direction way = direction(direction);
    boolean withColumns = flag("columns", columns);
    Node root = find(id);

    GraphWalk walk = new GraphWalk(store, root, MAX_GRAPH_NODES);
    if (way != Direction.DOWNSTREAM) {
      walk.walk(levels, Use.OUTPUT, Use.INPUT);
    }
    if (way != Direction.UPSTREAM) {
      walk.walk(levels, Use.INPUT, Use.OUTPUT);
    }
    Map<Long, Node> nodes = store.nodes(walk.nodes());
    List<LineageGraph.Node> graphNodes = new ArrayList<>();
    for (Long nodeKey : walk.nodes()) {
      Node node = nodes.get(nodeKey);
      if (node != null) {
        graphNodes.add(graphNode(node));
      }
    }
    List<LineageGraph.Edge> edges = new ArrayList<>();
    for (Edge edge : walk.edges()) {
      String job = nodes.get(edge.job()).nodeId();
      String dataset = nodes.get(edge.dataset()).nodeId();
      edges.add(
          edge.use() == Use.INPUT
              ? new LineageGraph.Edge(dataset, job)
              : new LineageGraph.Edge(job, dataset));
    }
    List<LineageGraph.ColumnEdge> columnEdges = null;
    if (withColumns) {
      Set<Long> datasets = new LinkedHashSet<>();
      nodes.values().stream()
          .filter(node -> !node.isJob())
          .forEach(node -> datasets.add(node.id()));
      columnEdges =
          columnEdges(
              store.columnEdgesFrom(datasets).stream()
                  .filter(edge -> datasets.contains(edge.inputNode()))
                  .toList(),
              nodes);
    }
    return new LineageGraph(
        root.nodeId(),
        way.name().toLowerCase(Locale.ROOT),
        levels,
        graphNodes,
        edges,
        columnEdges,
        walk.truncated());
  }

  /**
   * The columns {@code column} of dataset {@code nodeId} is derived from, through at most {@code
   * depth} derivations.
   *
   * @throws IllegalArgumentException naming the first parameter that breaks a rule
   * @throws NoSuchLineageNodeException if no stored event names the dataset
   */
  public ColumnLineage columnLineage(String nodeId, String column, String depth) {
    authorizer.checkRead("read lineage of", describe(nodeId));
    String id = nodeId(nodeId);
    if (!id.startsWith("dataset:")) {
      throw new IllegalArgumentException(
          "Invalid nodeId: column lineage is asked of a dataset, dataset:<product id> such as"
              + " dataset:claims.claims");
    }
    if (column == null || column.isEmpty() || column.length() > LineageEventParser.MAX_NAME) {
      throw new IllegalArgumentException(
          "Invalid column: required, a column name of at most "
              + LineageEventParser.MAX_NAME
              + " characters");
    }
    int levels = depth(depth);
    Node root = find(id);

    record Column(long node, String name) {}
    Set<Column> seen = new LinkedHashSet<>();
    Column start = new Column(root.id(), column);
    seen.add(start);
    List<Column> frontier = List.of(start);
    List<LineageStore.ColumnEdge> found = new ArrayList<>();
    for (int level = 0; level < levels && !frontier.isEmpty(); level++) {
      List<Column> next = new ArrayList<>();
      for (Column output : frontier) {
        for (LineageStore.ColumnEdge edge : store.columnEdgesInto(output.node(), output.name())) {
          found.add(edge);
          Column input = new Column(edge.inputNode(), edge.inputColumn());
          if (seen.size() < MAX_GRAPH_NODES && seen.add(input)) {
            next.add(input);
          }
        }
      }
      frontier = next;
    }
    Set<Long> nodeKeys = new LinkedHashSet<>();
    seen.forEach(seenColumn -> nodeKeys.add(seenColumn.node()));
    Map<Long, Node> nodes = store.nodes(nodeKeys);
    return new ColumnLineage(
        new LineageGraph.ColumnRef(root.nodeId(), column),
        levels,
        seen.stream()
            .skip(1)
            .map(
                seenColumn ->
                    new LineageGraph.ColumnRef(
                        nodes.get(seenColumn.node()).nodeId(), seenColumn.name()))
            .toList(),
        columnEdges(found, nodes));
  }

  /**
   * One page of the job's runs, the most recently first seen first.
   *
   * @throws IllegalArgumentException naming the first parameter that breaks a rule
   * @throws NoSuchLineageNodeException if no stored event names the job
   */
  public Page<LineageRun> runs(String namespace, String name, String pageSize, String pageToken) {
    String jobId = NormalisedEvent.jobNodeId(namespace, name);
    authorizer.checkRead("read runs of", describe(jobId));
    int size = QueryNumbers.bounded("pageSize", pageSize, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    OptionalLong before =
        present(pageToken)
            .map(token -> OptionalLong.of(LineagePageTokens.runBefore(jobId, token)))
            .orElse(OptionalLong.empty());
    Node job = find(jobId);
    List<LineageStore.Run> runs = store.runs(job.id(), before, size + 1);
    List<LineageStore.Run> page = runs.subList(0, Math.min(size, runs.size()));
    Map<String, List<LineageStore.RunDataset>> datasets =
        store.runDatasets(page.stream().map(LineageStore.Run::runId).toList());
    List<LineageRun> views = new ArrayList<>();
    for (LineageStore.Run run : page) {
      List<LineageStore.RunDataset> used = datasets.getOrDefault(run.runId(), List.of());
      views.add(
          new LineageRun(
              run.runId(),
              run.state(),
              timestamp(run.stateTime()),
              run.startedAt().map(LineageService::timestamp).orElse(null),
              run.endedAt().map(LineageService::timestamp).orElse(null),
              run.startedAt().isPresent() && run.endedAt().isPresent()
                  ? Duration.between(run.startedAt().get(), run.endedAt().get()).toMillis()
                  : null,
              run.facetsJson(),
              nodeIds(used, Use.INPUT),
              nodeIds(used, Use.OUTPUT),
              timestamp(run.createdAt()),
              timestamp(run.updatedAt())));
    }
    Optional<String> next =
        runs.size() > size
            ? Optional.of(LineagePageTokens.afterRun(jobId, page.get(page.size() - 1).sequence()))
            : Optional.empty();
    return new Page<>(views, next);
  }

  /**
   * One page of stored events as stored (JSON text), newest event time first, with {@code after <=
   * eventTime < before}. A page stops early rather than hold more than 8 MiB of events.
   *
   * @throws IllegalArgumentException naming the first parameter that breaks a rule
   */
  public Page<String> events(String pageSize, String pageToken, String after, String before) {
    authorizer.checkRead("read", "lineage events");
    int size = QueryNumbers.bounded("pageSize", pageSize, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    Optional<OffsetDateTime> from = present(after).map(text -> time("after", text));
    Optional<OffsetDateTime> to = present(before).map(text -> time("before", text));
    Optional<LineageStore.EventCursor> cursor =
        present(pageToken).map(LineagePageTokens::eventCursor);
    LineageStore.Events events = store.events(from, to, cursor, size, MAX_EVENT_PAGE_CHARS);
    List<LineageStore.Event> page = events.events();
    Optional<String> next =
        events.more()
            ? Optional.of(LineagePageTokens.afterEvent(page.get(page.size() - 1)))
            : Optional.empty();
    return new Page<>(page.stream().map(LineageStore.Event::json).toList(), next);
  }

  private Node find(String nodeId) {
    return store
        .node(nodeId)
        .orElseThrow(
            () ->
                new NoSuchLineageNodeException(
                    "No lineage for " + nodeId + ": no stored event names it"));
  }

  private static LineageGraph.Node graphNode(Node node) {
    if (node.isJob()) {
      return new LineageGraph.Node(
          node.nodeId(), "JOB", null, node.namespace(), node.name(), null, null, null);
    }
    boolean isTable = node.kind().equals(DatasetNode.Kind.TABLE.name());
    return new LineageGraph.Node(
        node.nodeId(),
        "DATASET",
        node.kind(),
        node.namespace(),
        node.name(),
        node.product().orElse(null),
        isTable ? node.table().orElse(null) : null,
        fields(node.facetsJson()));
  }

  /** The top-level columns of the dataset's newest schema facet. */
  private static List<LineageGraph.Field> fields(String facetsJson) {
    try {
      JsonNode fields = LineageEventParser.TREE.readTree(facetsJson).path("schema").path("fields");
      List<LineageGraph.Field> result = new ArrayList<>();
      for (JsonNode field : fields) {
        if (field.path("name").isTextual()) {
          result.add(
              new LineageGraph.Field(
                  field.get("name").textValue(),
                  field.path("type").isTextual() ? field.get("type").textValue() : null));
        }
      }
      return result;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored lineage facets are not JSON", e);
    }
  }

  /** Column edges grouped by origin and destination, with their transformations. */
  private static List<LineageGraph.ColumnEdge> columnEdges(
      Collection<LineageStore.ColumnEdge> edges, Map<Long, Node> nodes) {
    Map<List<Object>, List<LineageGraph.Transformation>> grouped = new LinkedHashMap<>();
    for (LineageStore.ColumnEdge edge : edges) {
      Node input = nodes.get(edge.inputNode());
      Node output = nodes.get(edge.outputNode());
      if (input == null || output == null) {
        continue;
      }
      List<LineageGraph.Transformation> transformations =
          grouped.computeIfAbsent(
              List.of(input.nodeId(), edge.inputColumn(), output.nodeId(), edge.outputColumn()),
              key -> new ArrayList<>());
      LineageGraph.Transformation transformation =
          new LineageGraph.Transformation(
              edge.transformationType().isEmpty() ? null : edge.transformationType(),
              edge.transformationSubtype().isEmpty() ? null : edge.transformationSubtype(),
              edge.masking());
      if (!transformations.contains(transformation)) {
        transformations.add(transformation);
      }
    }
    List<LineageGraph.ColumnEdge> result = new ArrayList<>();
    grouped.forEach(
        (key, transformations) ->
            result.add(
                new LineageGraph.ColumnEdge(
                    new LineageGraph.ColumnRef((String) key.get(0), (String) key.get(1)),
                    new LineageGraph.ColumnRef((String) key.get(2), (String) key.get(3)),
                    transformations)));
    return result;
  }

  private static List<String> nodeIds(List<LineageStore.RunDataset> datasets, Use use) {
    return datasets.stream()
        .filter(dataset -> dataset.use() == use)
        .map(LineageStore.RunDataset::nodeId)
        .toList();
  }

  private static byte[] read(InputStream body) {
    if (body == null) {
      return new byte[0];
    }
    try {
      byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw new LineageEventTooLargeException(
            "Invalid request body: larger than "
                + MAX_BODY_BYTES
                + " bytes (2 MiB); send fewer events per request");
      }
      return bytes;
    } catch (IOException e) {
      throw new InvalidLineageEventException("Invalid request body: cannot be read", e);
    }
  }

  /** Which way from the root the graph is walked. */
  private enum Direction {
    UPSTREAM,
    DOWNSTREAM,
    BOTH
  }

  private static String nodeId(String text) {
    if (text == null
        || text.length() > MAX_NODE_ID
        || text.chars().anyMatch(Character::isISOControl)
        || !(text.startsWith("dataset:") && text.length() > "dataset:".length()
            || text.startsWith("job:") && text.indexOf(':', 4) > 4)) {
      throw new IllegalArgumentException("Invalid nodeId: " + NODE_ID_RULE);
    }
    return text;
  }

  private static int depth(String text) {
    if (text == null || text.isEmpty()) {
      return DEFAULT_DEPTH;
    }
    try {
      int depth = Integer.parseInt(text);
      if (depth >= 1 && depth <= MAX_DEPTH) {
        return depth;
      }
    } catch (NumberFormatException e) {
      // Refused below.
    }
    throw new IllegalArgumentException(
        "Invalid depth: must be an integer from 1 to " + MAX_DEPTH + " (jobs away from the node)");
  }

  private static Direction direction(String text) {
    if (text == null || text.isEmpty()) {
      return Direction.BOTH;
    }
    try {
      return Direction.valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Invalid direction: must be upstream, downstream or both", e);
    }
  }

  private static boolean flag(String parameter, String text) {
    if (text == null || text.isEmpty() || text.equalsIgnoreCase("false")) {
      return false;
    }
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    throw new IllegalArgumentException("Invalid " + parameter + ": must be true or false");
  }

  private static OffsetDateTime time(String parameter, String text) {
    try {
      return OffsetDateTime.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "Invalid "
              + parameter
              + ": must be an RFC 3339 date-time with an offset, such as 2025-01-31T09:30:00Z",
          e);
    }
  }

  private static Optional<String> present(String text) {
    return text == null || text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  /**
   * Nobody writes another domain's products (DESIGN.md §5), nor claims in lineage to have: an
   * output that is a product or table of this catalog lies in a domain the caller owns. Inputs are
   * free, as a domain team reads the products it consumes; Trino and admins write for any domain
   * anyway.
   */
  private void checkOutputs(NormalisedEvent event) {
    for (NormalisedEvent.DatasetUse output : event.outputs()) {
      DatasetNode node = output.node();
      if (node.kind() == DatasetNode.Kind.EXTERNAL) {
        continue;
      }
      String name = node.product().or(node::table).orElseThrow();
      int dot = name.indexOf('.');
      authorizer.checkTableWrite(
          "send lineage with output",
          dot < 0 ? name : name.substring(0, dot),
          (node.kind() == DatasetNode.Kind.PRODUCT ? "product " : "table ") + name);
    }
  }

  /** A node id as audit entries and denials name it: bounded, without control characters. */
  private static String describe(String nodeId) {
    if (nodeId == null) {
      return "lineage";
    }
    String printable = nodeId.replaceAll("\\p{Cntrl}", "?");
    return printable.length() > 200 ? printable.substring(0, 200) + "…" : printable;
  }

  private static String timestamp(OffsetDateTime at) {
    return DateTimeFormatter.ISO_INSTANT.format(at);
  }
}
