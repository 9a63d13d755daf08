package io.insightmesh.catalog.lineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insightmesh.catalog.lineage.NormalisedEvent.DatasetUse;
import io.insightmesh.catalog.store.CatalogStore;
import io.insightmesh.catalog.store.StoreException;
import io.insightmesh.catalog.store.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Lineage in the catalog's metadata database, over plain JDBC with prepared statements only, in the
 * SQL H2 (PostgreSQL mode) and PostgreSQL share. Inserts that may meet a stored row use {@code ON
 * CONFLICT DO NOTHING}, so concurrent producers never fail on each other; rows that merge (runs,
 * facets of nodes) are locked with {@code SELECT ... FOR UPDATE}, nodes in hash order, so two
 * transactions lock them the same way round.
 */
@ApplicationScoped
class JdbcLineageStore implements LineageStore {
  private static final int IN_CHUNK = 500;
  private static final Set<String> TERMINAL = Set.of("COMPLETE", "FAIL", "ABORT");

  // The parser's mapper: numbers in stored facets keep their exact text when merged.
  private final ObjectMapper json = LineageEventParser.TREE;
  private final DataSource dataSource;

  JdbcLineageStore(CatalogStore store) {
    this.dataSource = store.dataSource();
  }

  @Override
  public List<Ingestion.Outcome> store(List<NormalisedEvent> events, String receivedBy) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    try {
      return Transactions.inTransaction(
          dataSource,
          connection -> {
            List<Ingestion.Outcome> outcomes = new ArrayList<>();
            for (NormalisedEvent event : events) {
              outcomes.add(store(connection, event, receivedBy, now));
            }
            return outcomes;
          });
    } catch (SQLException e) {
      throw new StoreException("Cannot store lineage events", e);
    }
  }

  private Ingestion.Outcome store(
      Connection connection, NormalisedEvent event, String receivedBy, OffsetDateTime now)
      throws SQLException {
    String runId = event.runId().toString();
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO lineage_events (run_id, event_type, event_time, job_namespace, job_name,"
                + " producer, event_json, received_at, received_by)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      insert.setString(1, runId);
      insert.setString(2, event.eventType());
      insert.setObject(3, event.eventTime());
      insert.setString(4, event.jobNamespace());
      insert.setString(5, event.jobName());
      insert.setString(6, event.producer());
      insert.setString(7, event.eventJson());
      insert.setObject(8, now);
      insert.setString(9, receivedBy);
      if (insert.executeUpdate() == 0) {
        return Ingestion.Outcome.DUPLICATE;
      }
    }

    // Every node the event names, each once, with the facets the event gives it, in hash order.
    Map<String, NodeDraft> drafts = new TreeMap<>();
    NodeDraft job =
        new NodeDraft(
            event.jobNodeId(),
            JOB,
            event.jobNamespace(),
            event.jobName(),
            Optional.empty(),
            Optional.empty());
    job.facets = event.jobFacetsJson();
    drafts.put(hash(job.nodeId), job);
    // A writer describes the whole dataset; a reader's facets (Trino's schema lists only the
    // columns it read) only fill in what no writer has said.
    for (DatasetUse use : event.outputs()) {
      NodeDraft draft = drafts.computeIfAbsent(hash(use.node().nodeId()), key -> draft(use.node()));
      draft.facets = merge(draft.facets, use.facetsJson(), true);
    }
    for (DatasetUse use : event.inputs()) {
      NodeDraft draft = drafts.computeIfAbsent(hash(use.node().nodeId()), key -> draft(use.node()));
      draft.readerFacets = merge(draft.readerFacets, use.facetsJson(), true);
    }
    for (NormalisedEvent.ColumnEdge edge : event.columnEdges()) {
      drafts.computeIfAbsent(hash(edge.output().nodeId()), key -> draft(edge.output()));
      drafts.computeIfAbsent(hash(edge.input().nodeId()), key -> draft(edge.input()));
    }
    Map<String, Long> ids = new HashMap<>();
    for (Map.Entry<String, NodeDraft> entry : drafts.entrySet()) {
      ids.put(
          entry.getValue().nodeId,
          upsertNode(connection, entry.getKey(), entry.getValue(), event.eventTime(), now));
    }
    long jobId = ids.get(job.nodeId);

    upsertRun(connection, event, jobId, now);

    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO lineage_run_datasets (run_id, direction, dataset_node, job_node)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      for (Use use : Use.values()) {
        for (DatasetUse dataset : use == Use.INPUT ? event.inputs() : event.outputs()) {
          insert.setString(1, runId);
          insert.setString(2, use.name());
          insert.setLong(3, ids.get(dataset.node().nodeId()));
          insert.setLong(4, jobId);
          insert.addBatch();
        }
      }
      insert.executeBatch();
    }

    if (!event.columnEdges().isEmpty()) {
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO lineage_column_edges (edge_hash, run_id, job_node, output_node,"
                  + " output_column, input_node, input_column, transformation_type,"
                  + " transformation_subtype, masking) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                  + " ON CONFLICT DO NOTHING")) {
        for (NormalisedEvent.ColumnEdge edge : event.columnEdges()) {
          insert.setString(
              1,
              hash(
                  String.join(
                      "\u0000",
                      runId,
                      edge.output().nodeId(),
                      edge.outputColumn(),
                      edge.input().nodeId(),
                      edge.inputColumn(),
                      edge.transformationType(),
                      edge.transformationSubtype(),
                      Boolean.toString(edge.masking()))));
          insert.setString(2, runId);
          insert.setLong(3, jobId);
          insert.setLong(4, ids.get(edge.output().nodeId()));
          insert.setString(5, edge.outputColumn());
          insert.setLong(6, ids.get(edge.input().nodeId()));
          insert.setString(7, edge.inputColumn());
          insert.setString(8, edge.transformationType());
          insert.setString(9, edge.transformationSubtype());
          insert.setBoolean(10, edge.masking());
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
    return Ingestion.Outcome.STORED;
  }

  /**
   * A node as one event names it: the facets its writer (or, for a job, the job) gives it, and
   * those its readers give it; null when the event gives none.
   */
  private static final class NodeDraft {
    final String nodeId;
    final String kind;
    final String namespace;
    final String name;
    final Optional<String> product;
    final Optional<String> table;
    String facets;
    String readerFacets;

    NodeDraft(
        String nodeId,
        String kind,
        String namespace,
        String name,
        Optional<String> product,
        Optional<String> table) {
      this.nodeId = nodeId;
      this.kind = kind;
      this.namespace = namespace;
      this.name = name;
      this.product = product;
      this.table = table;
    }
  }

  private static NodeDraft draft(DatasetNode node) {
    return new NodeDraft(
        node.nodeId(),
        node.kind().name(),
        node.namespace(),
        node.name(),
        node.product(),
        node.table());
  }

  private long upsertNode(
      Connection connection,
      String nodeHash,
      NodeDraft draft,
      OffsetDateTime eventTime,
      OffsetDateTime now)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO lineage_nodes (node_hash, node_id, kind, namespace, name, product_id,"
                + " iceberg_table, facets_json, facets_time, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      insert.setString(1, nodeHash);
      insert.setString(2, draft.nodeId);
      insert.setString(3, draft.kind);
      insert.setString(4, draft.namespace);
      insert.setString(5, draft.name);
      insert.setString(6, draft.product.orElse(null));
      insert.setString(7, draft.table.orElse(null));
      String facets = merge(draft.readerFacets, draft.facets, true);
      insert.setString(8, facets == null ? "{}" : facets);
      insert.setObject(9, draft.facets == null ? null : eventTime);
      insert.setObject(10, now);
      insert.setObject(11, now);
      if (insert.executeUpdate() == 1 || facets == null) {
        return nodeId(connection, nodeHash, false).id;
      }
    }
    Locked stored = nodeId(connection, nodeHash, true);
    // facets_time is the time of the newest writer's facets; readers never move it.
    boolean newer =
        draft.facets != null
            && (stored.facetsTime == null || !eventTime.isBefore(stored.facetsTime));
    String merged = merge(stored.facets, draft.facets, newer);
    merged = merge(merged, draft.readerFacets, false);
    if (!merged.equals(stored.facets) || newer) {
      try (PreparedStatement update =
          connection.prepareStatement(
              "UPDATE lineage_nodes SET facets_json = ?, facets_time = ?, updated_at = ?"
                  + " WHERE id = ?")) {
        update.setString(1, merged);
        update.setObject(2, newer ? eventTime : stored.facetsTime);
        update.setObject(3, now);
        update.setLong(4, stored.id);
        update.executeUpdate();
      }
    }
    return stored.id;
  }

  private record Locked(long id, String facets, OffsetDateTime facetsTime) {}

  private static Locked nodeId(Connection connection, String nodeHash, boolean forUpdate)
      throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT id, facets_json, facets_time FROM lineage_nodes WHERE node_hash = ?"
                + (forUpdate ? " FOR UPDATE" : ""))) {
      query.setString(1, nodeHash);
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          throw new SQLException("Lineage node " + nodeHash + " vanished while being stored");
        }
        return new Locked(row.getLong(1), row.getString(2), row.getObject(3, OffsetDateTime.class));
      }
    }
  }

  private void upsertRun(
      Connection connection, NormalisedEvent event, long jobId, OffsetDateTime now)
      throws SQLException {
    String runId = event.runId().toString();
    String type = event.eventType();
    OffsetDateTime time = event.eventTime();
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO lineage_runs (run_id, job_node, state, state_time, started_at, ended_at,"
                + " facets_json, facets_time, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      insert.setString(1, runId);
      insert.setLong(2, jobId);
      insert.setString(3, type);
      insert.setObject(4, time);
      insert.setObject(5, type.equals("START") ? time : null);
      insert.setObject(6, TERMINAL.contains(type) ? time : null);
      insert.setString(7, event.runFacetsJson());
      insert.setObject(8, time);
      insert.setObject(9, now);
      insert.setObject(10, now);
      if (insert.executeUpdate() == 1) {
        return;
      }
    }
    long storedJob;
    String state;
    OffsetDateTime stateTime;
    OffsetDateTime startedAt;
    OffsetDateTime endedAt;
    String facets;
    OffsetDateTime facetsTime;
    try (PreparedStatement query =
        connection.prepareStatement(
            "SELECT job_node, state, state_time, started_at, ended_at, facets_json, facets_time"
                + " FROM lineage_runs WHERE run_id = ? FOR UPDATE")) {
      query.setString(1, runId);
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          throw new SQLException("Lineage run " + runId + " vanished while being stored");
        }
        storedJob = row.getLong(1);
        state = row.getString(2);
        stateTime = row.getObject(3, OffsetDateTime.class);
        startedAt = row.getObject(4, OffsetDateTime.class);
        endedAt = row.getObject(5, OffsetDateTime.class);
        facets = row.getString(6);
        facetsTime = row.getObject(7, OffsetDateTime.class);
      }
    }
    if (storedJob != jobId) {
      throw new LineageConflictException(
          "Cannot store event "
              + type
              + " of run "
              + runId
              + " for job "
              + event.jobNodeId()
              + ": the run belongs to "
              + jobNodeIdOf(connection, storedJob)
              + ", and a run belongs to one job");
    }
    if (rank(type) > rank(state)
        || (rank(type) == rank(state) && rank(type) > 0 && !time.isBefore(stateTime))) {
      state = type;
      stateTime = time;
      if (TERMINAL.contains(type)) {
        endedAt = time;
      }
    }
    if (type.equals("START") && (startedAt == null || time.isBefore(startedAt))) {
      startedAt = time;
    }
    boolean newer = !time.isBefore(facetsTime);
    facets = merge(facets, event.runFacetsJson(), newer);
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE lineage_runs SET state = ?, state_time = ?, started_at = ?, ended_at = ?,"
                + " facets_json = ?, facets_time = ?, updated_at = ? WHERE run_id = ?")) {
      update.setString(1, state);
      update.setObject(2, stateTime);
      update.setObject(3, startedAt);
      update.setObject(4, endedAt);
      update.setString(5, facets);
      update.setObject(6, newer ? time : facetsTime);
      update.setObject(7, now);
      update.setString(8, runId);
      update.executeUpdate();
    }
  }

  /** Terminal states outrank START and RUNNING, which outrank OTHER (metadata, no state). */
  private static int rank(String state) {
    if (TERMINAL.contains(state)) {
      return 2;
    }
    return state.equals("START") || state.equals("RUNNING") ? 1 : 0;
  }

  private static String jobNodeIdOf(Connection connection, long id) throws SQLException {
    try (PreparedStatement query =
        connection.prepareStatement("SELECT node_id FROM lineage_nodes WHERE id = ?")) {
      query.setLong(1, id);
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? row.getString(1) : "another job";
      }
    }
  }

  /**
   * Facets of {@code update} laid over {@code stored}: all of them when the update is at least as
   * new as what is stored, else only those not stored yet.
   */
  private String merge(String stored, String update, boolean updateIsNewer) {
    if (update == null) {
      return stored;
    }
    if (stored == null) {
      return update;
    }
    try {
      JsonNode storedTree = json.readTree(stored);
      JsonNode updateTree = json.readTree(update);
      if (!(storedTree instanceof ObjectNode merged)
          || !(updateTree instanceof ObjectNode facets)) {
        return update;
      }
      facets
          .fields()
          .forEachRemaining(
              facet -> {
                if (updateIsNewer || !merged.has(facet.getKey())) {
                  merged.set(facet.getKey(), facet.getValue());
                }
              });
      return json.writeValueAsString(merged);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored lineage facets are not JSON", e);
    }
  }

  @Override
  public Optional<Node> node(String nodeId) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT " + NODE_COLUMNS + " FROM lineage_nodes WHERE node_hash = ?")) {
      query.setString(1, hash(nodeId));
      try (ResultSet row = query.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        Node node = node(row);
        return node.nodeId().equals(nodeId) ? Optional.of(node) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreException("Cannot read lineage node", e);
    }
  }

  private static final String NODE_COLUMNS =
      "id, node_id, kind, namespace, name, product_id, iceberg_table, facets_json";

  private static Node node(ResultSet row) throws SQLException {
    return new Node(
        row.getLong(1),
        row.getString(2),
        row.getString(3),
        row.getString(4),
        row.getString(5),
        Optional.ofNullable(row.getString(6)),
        Optional.ofNullable(row.getString(7)),
        row.getString(8));
  }

  @Override
  public Map<Long, Node> nodes(Collection<Long> ids) {
    Map<Long, Node> nodes = new LinkedHashMap<>();
    for (List<Long> chunk : chunks(ids)) {
      try (Connection connection = dataSource.getConnection();
          PreparedStatement query =
              connection.prepareStatement(
                  "SELECT "
                      + NODE_COLUMNS
                      + " FROM lineage_nodes WHERE id IN ("
                      + placeholders(chunk.size())
                      + ")")) {
        bind(query, 1, chunk);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            Node node = node(rows);
            nodes.put(node.id(), node);
          }
        }
      } catch (SQLException e) {
        throw new StoreException("Cannot read lineage nodes", e);
      }
    }
    return nodes;
  }

  @Override
  public List<Edge> edgesOfDatasets(Collection<Long> datasets, Use use, int limit) {
    return edges("dataset_node", datasets, use, limit);
  }

  @Override
  public List<Edge> edgesOfJobs(Collection<Long> jobs, Use use, int limit) {
    return edges("job_node", jobs, use, limit);
  }

  private List<Edge> edges(String column, Collection<Long> ids, Use use, int limit) {
    List<Edge> edges = new ArrayList<>();
    for (List<Long> chunk : chunks(ids)) {
      if (edges.size() >= limit) {
        break;
      }
      try (Connection connection = dataSource.getConnection();
          PreparedStatement query =
              connection.prepareStatement(
                  "SELECT DISTINCT job_node, dataset_node FROM lineage_run_datasets"
                      + " WHERE direction = ? AND "
                      + column
                      + " IN ("
                      + placeholders(chunk.size())
                      + ") ORDER BY job_node, dataset_node FETCH FIRST ? ROWS ONLY")) {
        query.setString(1, use.name());
        bind(query, 2, chunk);
        query.setInt(2 + chunk.size(), limit - edges.size());
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            edges.add(new Edge(rows.getLong(1), rows.getLong(2), use));
          }
        }
      } catch (SQLException e) {
        throw new StoreException("Cannot read lineage edges", e);
      }
    }
    return edges;
  }

  private static final String COLUMN_EDGE_COLUMNS =
      "output_node, output_column, input_node, input_column, transformation_type,"
          + " transformation_subtype, masking";

  @Override
  public List<ColumnEdge> columnEdgesFrom(Collection<Long> outputs) {
    List<ColumnEdge> edges = new ArrayList<>();
    for (List<Long> chunk : chunks(outputs)) {
      try (Connection connection = dataSource.getConnection();
          PreparedStatement query =
              connection.prepareStatement(
                  "SELECT DISTINCT "
                      + COLUMN_EDGE_COLUMNS
                      + " FROM lineage_column_edges WHERE output_node IN ("
                      + placeholders(chunk.size())
                      + ") ORDER BY "
                      + COLUMN_EDGE_COLUMNS)) {
        bind(query, 1, chunk);
        readColumnEdges(query, edges);
      } catch (SQLException e) {
        throw new StoreException("Cannot read column lineage", e);
      }
    }
    return edges;
  }

  @Override
  public List<ColumnEdge> columnEdgesInto(long outputNode, String outputColumn) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT DISTINCT "
                    + COLUMN_EDGE_COLUMNS
                    + " FROM lineage_column_edges WHERE output_node = ? AND output_column = ?"
                    + " ORDER BY "
                    + COLUMN_EDGE_COLUMNS)) {
      query.setLong(1, outputNode);
      query.setString(2, outputColumn);
      List<ColumnEdge> edges = new ArrayList<>();
      readColumnEdges(query, edges);
      return edges;
    } catch (SQLException e) {
      throw new StoreException("Cannot read column lineage", e);
    }
  }

  private static void readColumnEdges(PreparedStatement query, List<ColumnEdge> edges)
      throws SQLException {
    try (ResultSet rows = query.executeQuery()) {
      while (rows.next()) {
        edges.add(
            new ColumnEdge(
                rows.getLong(1),
                rows.getString(2),
                rows.getLong(3),
                rows.getString(4),
                rows.getString(5),
                rows.getString(6),
                rows.getBoolean(7)));
      }
    }
  }

  @Override
  public List<Run> runs(long job, OptionalLong before, int limit) {
    String sql =
        "SELECT sequence, run_id, state, state_time, started_at, ended_at, facets_json,"
            + " created_at, updated_at FROM lineage_runs WHERE job_node = ?"
            + (before.isPresent() ? " AND sequence < ?" : "")
            + " ORDER BY sequence DESC LIMIT ?";
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query = connection.prepareStatement(sql)) {
      int index = 1;
      query.setLong(index++, job);
      if (before.isPresent()) {
        query.setLong(index++, before.getAsLong());
      }
      query.setInt(index, limit);
      List<Run> runs = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          runs.add(
              new Run(
                  rows.getLong(1),
                  rows.getString(2),
                  rows.getString(3),
                  rows.getObject(4, OffsetDateTime.class),
                  Optional.ofNullable(rows.getObject(5, OffsetDateTime.class)),
                  Optional.ofNullable(rows.getObject(6, OffsetDateTime.class)),
                  rows.getString(7),
                  rows.getObject(8, OffsetDateTime.class),
                  rows.getObject(9, OffsetDateTime.class)));
        }
      }
      return runs;
    } catch (SQLException e) {
      throw new StoreException("Cannot read lineage runs", e);
    }
  }

  @Override
  public Map<String, List<RunDataset>> runDatasets(Collection<String> runIds) {
    Map<String, List<RunDataset>> datasets = new HashMap<>();
    for (List<String> chunk : chunks(runIds)) {
      try (Connection connection = dataSource.getConnection();
          PreparedStatement query =
              connection.prepareStatement(
                  "SELECT r.run_id, r.direction, n.node_id FROM lineage_run_datasets r"
                      + " JOIN lineage_nodes n ON n.id = r.dataset_node WHERE r.run_id IN ("
                      + placeholders(chunk.size())
                      + ") ORDER BY r.run_id, r.direction, n.node_id")) {
        bind(query, 1, chunk);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            datasets
                .computeIfAbsent(rows.getString(1), key -> new ArrayList<>())
                .add(new RunDataset(rows.getString(3), Use.valueOf(rows.getString(2))));
          }
        }
      } catch (SQLException e) {
        throw new StoreException("Cannot read the datasets of lineage runs", e);
      }
    }
    return datasets;
  }

  @Override
  public Events events(
      Optional<OffsetDateTime> from,
      Optional<OffsetDateTime> to,
      Optional<EventCursor> cursor,
      int limit,
      long maxChars) {
    StringBuilder sql =
        new StringBuilder("SELECT id, event_time, event_json FROM lineage_events WHERE 1 = 1");
    List<Object> parameters = new ArrayList<>();
    from.ifPresent(
        time -> {
          sql.append(" AND event_time >= ?");
          parameters.add(time);
        });
    to.ifPresent(
        time -> {
          sql.append(" AND event_time < ?");
          parameters.add(time);
        });
    cursor.ifPresent(
        at -> {
          sql.append(" AND (event_time < ? OR (event_time = ? AND id < ?))");
          parameters.add(at.eventTime());
          parameters.add(at.eventTime());
          parameters.add(at.id());
        });
    sql.append(" ORDER BY event_time DESC, id DESC LIMIT ?");
    parameters.add(limit + 1);
    try {
      // PostgreSQL streams rows only inside a transaction with a fetch size.
      return Transactions.inTransaction(
          dataSource,
          connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql.toString())) {
              query.setFetchSize(16);
              for (int index = 0; index < parameters.size(); index++) {
                query.setObject(index + 1, parameters.get(index));
              }
              List<Event> events = new ArrayList<>();
              boolean more = false;
              long chars = 0;
              try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                  String text = rows.getString(3);
                  if (events.size() == limit
                      || (!events.isEmpty() && chars + text.length() > maxChars)) {
                    more = true;
                    break;
                  }
                  chars += text.length();
                  events.add(
                      new Event(rows.getLong(1), rows.getObject(2, OffsetDateTime.class), text));
                }
              }
              return new Events(events, more);
            }
          });
    } catch (SQLException e) {
      throw new StoreException("Cannot read lineage events", e);
    }
  }

  private static <T> List<List<T>> chunks(Collection<T> values) {
    if (values.isEmpty()) {
      return List.of();
    }
    List<T> list = new ArrayList<>(values);
    List<List<T>> chunks = new ArrayList<>();
    for (int start = 0; start < list.size(); start += IN_CHUNK) {
      chunks.add(list.subList(start, Math.min(list.size(), start + IN_CHUNK)));
    }
    return chunks;
  }

  private static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }

  private static void bind(PreparedStatement query, int first, List<?> values) throws SQLException {
    for (int index = 0; index < values.size(); index++) {
      query.setObject(first + index, values.get(index));
    }
  }

  static String hash(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
