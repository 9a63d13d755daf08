package io.insightmesh.catalog.lineage;

import io.insightmesh.catalog.config.CatalogConfig;
import io.insightmesh.catalog.store.CatalogStore;
import io.insightmesh.catalog.store.StoreException;
import io.insightmesh.catalog.store.Transactions;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Keeps lineage from growing without bound ({@code mesh.catalog.lineage-retention}). Every producer
 * run adds an event or two and a run with its edges; Trino adds one for every query, under a job
 * named by the query id. Once past the retention (judged by when the catalog received or last
 * changed them, never by producers' clocks):
 *
 * <ul>
 *   <li>events are deleted;
 *   <li>a Trino query's run (job namespace {@code trino://}) is deleted whole, whatever it read or
 *       wrote, and its job with it — each query is a job of its own, so none would ever be
 *       superseded; what queries read stays counted in product usage, which this leaves alone;
 *   <li>any other job's run is deleted, whole, once a newer run of the same job has reported every
 *       dataset it read or wrote and every column edge it reported: the graph keeps every job's
 *       newest evidence of every edge, however old, and a run kept for that shows all it did.
 * </ul>
 *
 * <p>A pipeline's job, or a batch of queries' jobs, is judged in one transaction that locks the job
 * nodes (in ingestion's order) and then their old runs, rechecking the cutoff: an event of such a
 * job that arrives meanwhile waits. One for a run just deleted is refused (the run vanished) and
 * stored anew when its producer retries.
 */
@ApplicationScoped
@Startup
public class LineageRetention {
  private static final Logger LOG = Logger.getLogger(LineageRetention.class);
  static final int BATCH = 500;
  private static final Duration SHORTEST = Duration.ofHours(1);
  private static final String QUERY_NAMESPACES = "trino://%";

  private final DataSource dataSource;
  private final Duration retention;
  private final MeterRegistry metrics;

  /** What one pass forgot. */
  record Expired(long events, long runs, long jobs) {}

  LineageRetention(CatalogStore store, CatalogConfig config, MeterRegistry metrics) {
    this.dataSource = store.dataSource();
    this.retention = config.lineageRetention();
    this.metrics = metrics;
    if (retention.compareTo(SHORTEST) < 0) {
      throw new IllegalArgumentException(
          "Invalid mesh.catalog.lineage-retention " + retention + ": must be at least " + SHORTEST);
    }
  }

  @Scheduled(every = "1h", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void scheduled() {
    try {
      Expired expired = expire(OffsetDateTime.now(ZoneOffset.UTC).minus(retention));
      if (expired.events() + expired.runs() + expired.jobs() > 0) {
        LOG.infof(
            "Lineage older than %s forgotten: %d events, %d runs, %d jobs",
            retention, expired.events(), expired.runs(), expired.jobs());
      }
    } catch (StoreException e) {
      LOG.warn("Cannot forget old lineage; the next round tries again", e);
    }
  }

  /** Forgets what the retention lets go of, as of {@code cutoff}. */
  synchronized Expired expire(OffsetDateTime cutoff) {
    long events = deleteEvents(cutoff);
    long runs = 0;
    long jobs = 0;
    for (long job : jobsWithRunsBefore(cutoff, false)) {
      long[] forgotten = forgetSuperseded(job, cutoff);
      runs += forgotten[0];
      jobs += forgotten[1];
      count("runs", forgotten[0]);
      count("jobs", forgotten[1]);
    }
    for (; ; ) {
      List<Long> queries = jobsWithRunsBefore(cutoff, true);
      if (queries.isEmpty()) {
        break;
      }
      long[] forgotten = forgetQueries(queries, cutoff);
      runs += forgotten[0];
      jobs += forgotten[1];
      count("runs", forgotten[0]);
      count("jobs", forgotten[1]);
      if (forgotten[0] == 0) {
        // What is left was changed since the cutoff under the lock: the next pass looks again.
        break;
      }
    }
    return new Expired(events, runs, jobs);
  }

  private long deleteEvents(OffsetDateTime cutoff) {
    long deleted = 0;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete =
            connection.prepareStatement(
                "DELETE FROM lineage_events WHERE id IN (SELECT id FROM lineage_events"
                    + " WHERE received_at < ? ORDER BY received_at, id FETCH FIRST "
                    + BATCH
                    + " ROWS ONLY)")) {
      for (; ; ) {
        delete.setObject(1, cutoff);
        int batch = delete.executeUpdate();
        deleted += batch;
        count("events", batch);
        if (batch < BATCH) {
          return deleted;
        }
      }
    } catch (SQLException e) {
      throw new StoreException("Cannot forget old lineage events", e);
    }
  }

  /** Jobs with a run unchanged since the cutoff: Trino's queries, or every other job. */
  private List<Long> jobsWithRunsBefore(OffsetDateTime cutoff, boolean queries) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT DISTINCT r.job_node FROM lineage_runs r JOIN lineage_nodes j"
                    + " ON j.id = r.job_node WHERE r.updated_at < ? AND j.namespace "
                    + (queries ? "LIKE" : "NOT LIKE")
                    + " ? ORDER BY r.job_node"
                    + (queries ? " FETCH FIRST " + BATCH + " ROWS ONLY" : ""))) {
      query.setObject(1, cutoff);
      query.setString(2, QUERY_NAMESPACES);
      List<Long> jobs = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          jobs.add(rows.getLong(1));
        }
      }
      return jobs;
    } catch (SQLException e) {
      throw new StoreException("Cannot read old lineage runs", e);
    }
  }

  /** Deletes these query jobs' old runs whole, then the jobs left without runs. */
  private long[] forgetQueries(List<Long> jobs, OffsetDateTime cutoff) {
    return inTransaction(
        connection -> {
          lockJobs(connection, jobs);
          List<String> runs = lockOldRuns(connection, jobs, cutoff);
          long deleted = deleteRuns(connection, runs);
          return new long[] {deleted, deleteIdleJobs(connection, jobs)};
        },
        "Trino queries");
  }

  /**
   * Locks the job nodes first, in the order ingestion locks nodes (by hash): an event of one of
   * these jobs that arrives meanwhile waits for the whole judgement instead of deadlocking with it.
   */
  private static void lockJobs(Connection connection, List<Long> jobs) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement(
            "SELECT id FROM lineage_nodes WHERE id IN ("
                + placeholders(jobs.size())
                + ") ORDER BY node_hash FOR UPDATE")) {
      bind(lock, 1, jobs);
      try (ResultSet rows = lock.executeQuery()) {
        while (rows.next()) {
          // Locked as read.
        }
      }
    }
  }

  /** The jobs' runs unchanged since the cutoff, locked (in run id order) and so rechecked. */
  private static List<String> lockOldRuns(
      Connection connection, List<Long> jobs, OffsetDateTime cutoff) throws SQLException {
    try (PreparedStatement lock =
        connection.prepareStatement(
            "SELECT run_id FROM lineage_runs WHERE job_node IN ("
                + placeholders(jobs.size())
                + ") AND updated_at < ? ORDER BY run_id FOR UPDATE")) {
      lock.setObject(bind(lock, 1, jobs), cutoff);
      List<String> runs = new ArrayList<>();
      try (ResultSet rows = lock.executeQuery()) {
        while (rows.next()) {
          runs.add(rows.getString(1));
        }
      }
      return runs;
    }
  }

  /** Deletes those of the jobs no run names any more. */
  private static long deleteIdleJobs(Connection connection, List<Long> jobs) throws SQLException {
    return update(
        connection,
        "DELETE FROM lineage_nodes WHERE id IN ("
            + placeholders(jobs.size())
            + ") AND NOT EXISTS (SELECT 1 FROM lineage_runs r WHERE r.job_node = lineage_nodes.id)",
        jobs);
  }

  /**
   * Deletes the job's old runs that a newer run superseded in full: a run is kept while it is the
   * newest to report one of its datasets (by direction) or column edges.
   */
  private long[] forgetSuperseded(long job, OffsetDateTime cutoff) {
    return inTransaction(
        connection -> {
          lockJobs(connection, List.of(job));
          List<String> old = lockOldRuns(connection, List.of(job), cutoff);
          Set<String> newest = new HashSet<>();
          newest.addAll(
              runIds(
                  connection,
                  "SELECT r.run_id FROM lineage_runs r JOIN (SELECT MAX(nr.sequence) AS sequence"
                      + " FROM lineage_run_datasets d JOIN lineage_runs nr ON nr.run_id = d.run_id"
                      + " WHERE d.job_node = ? GROUP BY d.direction, d.dataset_node) m"
                      + " ON m.sequence = r.sequence",
                  job));
          newest.addAll(
              runIds(
                  connection,
                  "SELECT r.run_id FROM lineage_runs r JOIN (SELECT MAX(nr.sequence) AS sequence"
                      + " FROM lineage_column_edges e JOIN lineage_runs nr ON nr.run_id = e.run_id"
                      + " WHERE e.job_node = ? GROUP BY e.output_node, e.output_column,"
                      + " e.input_node, e.input_column, e.transformation_type,"
                      + " e.transformation_subtype, e.masking) m ON m.sequence = r.sequence",
                  job));
          List<String> superseded = old.stream().filter(run -> !newest.contains(run)).toList();
          long deleted = deleteRuns(connection, superseded);
          // A job whose runs reported no dataset and no edge keeps none.
          return new long[] {deleted, deleteIdleJobs(connection, List.of(job))};
        },
        "runs of job " + job);
  }

  /** Deletes runs with their datasets and column edges, a batch at a time. */
  private static long deleteRuns(Connection connection, List<String> runs) throws SQLException {
    long deleted = 0;
    for (int from = 0; from < runs.size(); from += BATCH) {
      List<String> chunk = runs.subList(from, Math.min(runs.size(), from + BATCH));
      String in = " WHERE run_id IN (" + placeholders(chunk.size()) + ")";
      update(connection, "DELETE FROM lineage_column_edges" + in, chunk);
      update(connection, "DELETE FROM lineage_run_datasets" + in, chunk);
      deleted += update(connection, "DELETE FROM lineage_runs" + in, chunk);
    }
    return deleted;
  }

  private <T> T inTransaction(Transactions.Work<T> work, String what) {
    try {
      return Transactions.inTransaction(dataSource, work);
    } catch (SQLException e) {
      throw new StoreException("Cannot forget old lineage: " + what, e);
    }
  }

  private void count(String what, long forgotten) {
    metrics.counter("mesh.catalog.lineage.expired", "what", what).increment(forgotten);
  }

  private static Set<String> runIds(Connection connection, String sql, long job)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setLong(1, job);
      Set<String> found = new HashSet<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          found.add(rows.getString(1));
        }
      }
      return found;
    }
  }

  private static int update(Connection connection, String sql, Collection<?> values)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, 1, values);
      return statement.executeUpdate();
    }
  }

  private static int bind(PreparedStatement statement, int first, Collection<?> values)
      throws SQLException {
    int index = first;
    for (Object value : values) {
      statement.setObject(index++, value);
    }
    return index;
  }

  private static String placeholders(int count) {
    return String.join(", ", java.util.Collections.nCopies(count, "?"));
  }
}
