package io.insightmesh.catalog.lineage;

import io.insightmesh.catalog.config.CatalogConfig;
import io.insightmesh.catalog.store.CatalogStore;
import io.insightmesh.catalog.store.StoreException;
import io.micrometer.core.instrument.MeterRegistry;
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
 * named by the query id. Past the retention:
 *
 * <ul>
 *   <li>events are deleted (the runs they made stay as far as below);
 *   <li>a run of a job that never wrote anything (a query) is deleted whole — what it read is
 *       counted in product usage, which this leaves alone — and its job with it once the job has no
 *       run left;
 *   <li>a run of a job that wrote is deleted once, for each dataset it read or wrote and each
 *       column edge it reported, a newer run of the same job reported the same: the graph keeps
 *       every job's newest evidence of every edge, however old, so a pipeline that ran once a year
 *       ago is still drawn.
 * </ul>
 *
 * <p>Runs are judged a batch at a time, each batch in one transaction, by the time they last
 * changed in the catalog; producers' clocks decide nothing.
 */
@ApplicationScoped
public class LineageRetention {
  private static final Logger LOG = Logger.getLogger(LineageRetention.class);
  static final int BATCH = 500;
  private static final Duration SHORTEST = Duration.ofHours(1);

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

  @Scheduled(
      every = "10m",
      delayed = "2m",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
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
    long after = 0;
    for (; ; ) {
      List<Candidate> batch = candidates(cutoff, after);
      if (batch.isEmpty()) {
        break;
      }
      runs += forget(batch);
      after = batch.get(batch.size() - 1).sequence();
      if (batch.size() < BATCH) {
        break;
      }
    }
    long jobs = deleteIdleJobs(cutoff);
    metrics.counter("mesh.catalog.lineage.expired", "what", "events").increment(events);
    metrics.counter("mesh.catalog.lineage.expired", "what", "runs").increment(runs);
    metrics.counter("mesh.catalog.lineage.expired", "what", "jobs").increment(jobs);
    return new Expired(events, runs, jobs);
  }

  private record Candidate(String runId, long sequence) {}

  private long deleteEvents(OffsetDateTime cutoff) {
    return deleteInBatches(
        "DELETE FROM lineage_events WHERE id IN (SELECT id FROM lineage_events"
            + " WHERE received_at < ? ORDER BY received_at, id FETCH FIRST "
            + BATCH
            + " ROWS ONLY)",
        cutoff,
        "events");
  }

  /** Jobs no run names any more; one that just got its first run was updated since the cutoff. */
  private long deleteIdleJobs(OffsetDateTime cutoff) {
    return deleteInBatches(
        "DELETE FROM lineage_nodes WHERE id IN (SELECT n.id FROM lineage_nodes n"
            + " WHERE n.kind = '"
            + LineageStore.JOB
            + "' AND n.updated_at < ? AND NOT EXISTS (SELECT 1 FROM lineage_runs r"
            + " WHERE r.job_node = n.id) ORDER BY n.id FETCH FIRST "
            + BATCH
            + " ROWS ONLY)",
        cutoff,
        "jobs");
  }

  private long deleteInBatches(String sql, OffsetDateTime cutoff, String what) {
    long deleted = 0;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete = connection.prepareStatement(sql)) {
      for (; ; ) {
        delete.setObject(1, cutoff);
        int batch = delete.executeUpdate();
        deleted += batch;
        if (batch < BATCH) {
          return deleted;
        }
      }
    } catch (SQLException e) {
      throw new StoreException("Cannot forget old lineage " + what, e);
    }
  }

  private List<Candidate> candidates(OffsetDateTime cutoff, long after) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT run_id, sequence FROM lineage_runs WHERE updated_at < ? AND sequence > ?"
                    + " ORDER BY sequence FETCH FIRST "
                    + BATCH
                    + " ROWS ONLY")) {
      query.setObject(1, cutoff);
      query.setLong(2, after);
      List<Candidate> candidates = new ArrayList<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          candidates.add(new Candidate(rows.getString(1), rows.getLong(2)));
        }
      }
      return candidates;
    } catch (SQLException e) {
      throw new StoreException("Cannot read old lineage runs", e);
    }
  }

  /** Deletes what newer runs superseded of these runs, then the runs left with nothing. */
  private long forget(List<Candidate> batch) {
    List<String> ids = batch.stream().map(Candidate::runId).toList();
    try (Connection connection = dataSource.getConnection()) {
      boolean autoCommit = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try {
        // A run of a job that has written something (column edges come with outputs) is a
        // pipeline's: judged by what newer runs reported. Judged by its own rows it would turn
        // into a query's once newer runs had superseded its outputs.
        Set<String> writers =
            runIds(
                connection,
                "SELECT r.run_id FROM lineage_runs r WHERE r.run_id IN ("
                    + placeholders(ids.size())
                    + ") AND EXISTS (SELECT 1 FROM lineage_run_datasets o"
                    + " WHERE o.job_node = r.job_node AND o.direction = 'OUTPUT')",
                ids);
        List<String> readers = ids.stream().filter(id -> !writers.contains(id)).toList();
        List<String> wrote = ids.stream().filter(writers::contains).toList();
        if (!readers.isEmpty()) {
          update(
              connection,
              "DELETE FROM lineage_run_datasets WHERE run_id IN ("
                  + placeholders(readers.size())
                  + ")",
              readers);
        }
        if (!wrote.isEmpty()) {
          update(
              connection,
              "DELETE FROM lineage_run_datasets d WHERE d.run_id IN ("
                  + placeholders(wrote.size())
                  + ") AND EXISTS (SELECT 1 FROM lineage_run_datasets n JOIN lineage_runs nr"
                  + " ON nr.run_id = n.run_id WHERE n.job_node = d.job_node"
                  + " AND n.direction = d.direction AND n.dataset_node = d.dataset_node"
                  + " AND nr.sequence > (SELECT r.sequence FROM lineage_runs r"
                  + " WHERE r.run_id = d.run_id))",
              wrote);
          update(
              connection,
              "DELETE FROM lineage_column_edges e WHERE e.run_id IN ("
                  + placeholders(wrote.size())
                  + ") AND EXISTS (SELECT 1 FROM lineage_column_edges n JOIN lineage_runs nr"
                  + " ON nr.run_id = n.run_id WHERE n.output_node = e.output_node"
                  + " AND n.job_node = e.job_node AND n.output_column = e.output_column"
                  + " AND n.input_node = e.input_node AND n.input_column = e.input_column"
                  + " AND n.transformation_type = e.transformation_type"
                  + " AND n.transformation_subtype = e.transformation_subtype"
                  + " AND n.masking = e.masking AND nr.sequence > (SELECT r.sequence"
                  + " FROM lineage_runs r WHERE r.run_id = e.run_id))",
              wrote);
        }
        int runs =
            update(
                connection,
                "DELETE FROM lineage_runs r WHERE r.run_id IN ("
                    + placeholders(ids.size())
                    + ") AND NOT EXISTS (SELECT 1 FROM lineage_run_datasets d"
                    + " WHERE d.run_id = r.run_id) AND NOT EXISTS (SELECT 1"
                    + " FROM lineage_column_edges e WHERE e.run_id = r.run_id)",
                ids);
        connection.commit();
        return runs;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new StoreException("Cannot forget old lineage runs", e);
    }
  }

  private static Set<String> runIds(Connection connection, String sql, List<String> ids)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      int index = 1;
      for (String id : ids) {
        query.setString(index++, id);
      }
      Set<String> found = new HashSet<>();
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          found.add(rows.getString(1));
        }
      }
      return found;
    }
  }

  private static int update(Connection connection, String sql, Collection<String> ids)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int index = 1;
      for (String id : ids) {
        statement.setString(index++, id);
      }
      return statement.executeUpdate();
    }
  }

  private static String placeholders(int count) {
    return String.join(", ", java.util.Collections.nCopies(count, "?"));
  }
}
