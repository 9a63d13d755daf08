package io.insightmesh.decisions.service;

import static java.util.Objects.requireNonNull;

import io.insightmesh.decisions.log.DecisionLog;
import io.insightmesh.decisions.table.DecisionCommitter;
import io.insightmesh.decisions.table.DecisionReleaser;
import io.insightmesh.decisions.table.DecisionTable;
import io.insightmesh.decisions.table.PacedDeletes;
import io.insightmesh.decisions.table.ReleaseCadence;
import io.insightmesh.decisions.table.TableHygiene;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * The decisions table's three workers — the committer, table hygiene and the releaser — each on a
 * thread and table instance of its own.
 *
 * <p>{@link #start} prepares all three before it starts any: a caller that retries after a failure
 * (the catalog link does, every two seconds) must never find a committer already running on the
 * log, or two committers would append the same decisions.
 */
final class TableWorkers implements AutoCloseable {
  /**
   * How the workers run.
   *
   * @param hygieneInterval between hygiene rounds; zero turns hygiene off
   * @param expiredFiles the journal of files hygiene's expiry freed that wait for deletion
   * @param expiredFileGrace how long they wait
   * @param releasePoll how often the releaser checks whether a release is due
   */
  record Settings(
      DecisionCommitter.Options commits,
      Duration hygieneInterval,
      Path expiredFiles,
      Duration expiredFileGrace,
      ReleaseCadence cadence,
      Duration releasePoll) {
    Settings {
      requireNonNull(commits, "commits is null");
      requireNonNull(hygieneInterval, "hygieneInterval is null");
      requireNonNull(expiredFiles, "expiredFiles is null");
      requireNonNull(expiredFileGrace, "expiredFileGrace is null");
      requireNonNull(cadence, "cadence is null");
      requireNonNull(releasePoll, "releasePoll is null");
    }
  }

  private final DecisionCommitter committer;
  private final Optional<TableHygiene> hygiene;
  private final Optional<PacedDeletes> deletes;
  private final DecisionReleaser releaser;

  private TableWorkers(
      DecisionCommitter committer,
      Optional<TableHygiene> hygiene,
      Optional<PacedDeletes> deletes,
      DecisionReleaser releaser) {
    this.committer = committer;
    this.hygiene = hygiene;
    this.deletes = deletes;
    this.releaser = releaser;
  }

  /**
   * Loads the table instances and reads the committed position, then starts the workers.
   *
   * @param table the committer's instance of the decisions table
   * @throws RuntimeException if the catalog fails meanwhile: nothing was started then
   * @throws IllegalStateException if the log and the table disagree (see {@link DecisionCommitter})
   */
  static TableWorkers start(
      Catalog catalog,
      Table table,
      DecisionLog log,
      Settings settings,
      DecisionReleaser.Recorder releases) {
    Optional<TableHygiene> hygiene = Optional.empty();
    Optional<PacedDeletes> deletes = Optional.empty();
    if (!settings.hygieneInterval().isZero()) {
      Table cleaned = decisionsTable(catalog);
      PacedDeletes paced =
          new PacedDeletes(
              cleaned.io(),
              settings.expiredFiles(),
              settings.expiredFileGrace(),
              PacedDeletes.DEFAULT_BYTES_PER_TICK,
              Clock.systemUTC());
      deletes = Optional.of(paced);
      hygiene = Optional.of(new TableHygiene(cleaned, TableHygiene.Options.defaults(), paced));
    }
    DecisionReleaser releaser =
        new DecisionReleaser(
            decisionsTable(catalog),
            DecisionTable.product(),
            settings.cadence(),
            releases,
            Clock.systemUTC());
    DecisionCommitter committer = new DecisionCommitter(log, table, settings.commits());
    TableWorkers workers = new TableWorkers(committer, hygiene, deletes, releaser);
    // Nothing below touches the catalog before the threads run; what can still fail is starting
    // a thread (an OutOfMemoryError when the process has no room for one).
    try {
      committer.start();
      // Beside the committer, not between its batches: a round at high volume takes seconds.
      hygiene.ifPresent(cleaning -> cleaning.start(settings.hygieneInterval()));
      deletes.ifPresent(PacedDeletes::start);
      releaser.start(settings.releasePoll());
    } catch (RuntimeException | Error e) {
      // The link retries: a committer left running here would be a second one on the same log.
      try {
        workers.close();
      } catch (RuntimeException | Error alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw e;
    }
    return workers;
  }

  /** A table instance of its own for a thread of its own. */
  private static Table decisionsTable(Catalog catalog) {
    return catalog.loadTable(TableIdentifier.parse(DecisionTable.product().table()));
  }

  DecisionCommitter committer() {
    return committer;
  }

  Optional<TableHygiene> hygiene() {
    return hygiene;
  }

  Optional<PacedDeletes> deletes() {
    return deletes;
  }

  DecisionReleaser releaser() {
    return releaser;
  }

  @Override
  public void close() {
    committer.close();
    // After the committer: the final release holds every decision acknowledged before shutdown.
    releaser.close();
    // Last: the committer's final commit need not wait for a round in flight.
    hygiene.ifPresent(TableHygiene::close);
    // After hygiene: what its last expiry freed is noted for the next run.
    deletes.ifPresent(PacedDeletes::close);
  }
}
