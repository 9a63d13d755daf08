package io.insightmesh.decisions.table;

import static java.util.Objects.requireNonNull;

import io.insightmesh.decisions.log.DecisionLog;
import io.insightmesh.decisions.log.LogReader;
import io.insightmesh.decisions.log.LogRecord;
import io.insightmesh.decisions.sched.SchedulerSlice;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.generic.GenericData;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;

/**
 * Publishes the decision log into the decisions table: tails the log from the position the table
 * says is committed, batches records (every {@link Options#commitInterval()} or {@link
 * Options#maxBatch()} records, whichever comes first), writes each batch's decisions into Parquet
 * data files as it reads them, and commits the files with a merge append whose snapshot summary
 * carries the batch's first and last log sequence. Then it truncates the log below the committed
 * position.
 *
 * <p>Exactly once across crashes: the table, not the process, knows what is committed. At start,
 * and after every commit whose outcome is unknown, the committed position is re-read from the main
 * branch's snapshot history, and records at or below it are never appended again. A known conflict
 * ({@link CommitFailedException}) means nothing was committed: the same files are committed again.
 * Any other commit error is an unknown outcome: the table is refreshed and, if a snapshot now holds
 * the batch, the commit happened; otherwise the same data files are committed again. Data files are
 * never deleted on an unknown outcome. If writing a batch's files fails, they are abandoned and the
 * batch is written again from the log, which is truncated only after the commit. A data file
 * written before a crash or abandoned and never committed stays in the table's data directory as an
 * orphan (named {@code decisions-<first>-*} after the batch's first sequence), to be removed by
 * orphan-file cleanup.
 *
 * <p>Runs on its own thread after {@link #start()}; {@link #close()} commits what is durable and
 * stops. The log and table must have no other appender: one committer per decision log. {@link
 * TableHygiene}'s rewrites and expiries and the releaser's tags commit beside it, each from a
 * thread and table instance of its own.
 */
public final class DecisionCommitter implements Runnable, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DecisionCommitter.class.getName());
  private static final long POLL_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** How often an open batch takes in what became durable since it last looked. */
  private static final long READ_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);

  /**
   * Other writers' snapshots above the one carrying the committed position before an idle committer
   * carries the position up to them. Snapshot expiry keeps every snapshot down to the carrier (a
   * restart reads the position from it), so while the engine decides nothing and a backfill or a
   * correction commits on, the table's history would grow without bound.
   */
  static final int CARRY_POSITION_ABOVE = 20;

  /**
   * How the committer batches and retries.
   *
   * @param commitInterval the longest a durable record waits before its batch is committed
   * @param maxBatch the most records one commit holds
   * @param maxRetryBackoff the longest pause between attempts after a failed write or commit
   * @param closeTimeout how long {@link #close()} waits for the last batch before it abandons it
   *     (abandoned records stay in the log and are committed after the next start)
   * @param positionCheck how often an idle committer looks whether other writers' snapshots have
   *     piled up above the one that carries its position ({@link #CARRY_POSITION_ABOVE})
   */
  public record Options(
      Duration commitInterval,
      int maxBatch,
      Duration maxRetryBackoff,
      Duration closeTimeout,
      Duration positionCheck,
      Duration schedulerSlice) {
    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException if an interval is negative, {@code maxBatch} is below 1 or
     *     {@code schedulerSlice} is neither zero nor a slice Linux grants
     */
    public Options {
      requireNonNull(commitInterval, "commitInterval is null");
      requireNonNull(maxRetryBackoff, "maxRetryBackoff is null");
      requireNonNull(closeTimeout, "closeTimeout is null");
      requireNonNull(positionCheck, "positionCheck is null");
      requireNonNull(schedulerSlice, "schedulerSlice is null");
      if (!schedulerSlice.isZero()) {
        SchedulerSlice.checked("committer scheduler slice", schedulerSlice);
      }
      if (maxBatch < 1) {
        throw new IllegalArgumentException("Invalid maxBatch " + maxBatch + ": must be at least 1");
      }
      for (Duration duration :
          List.of(commitInterval, maxRetryBackoff, closeTimeout, positionCheck)) {
        if (duration.isNegative()) {
          throw new IllegalArgumentException(
              "Invalid committer option " + duration + ": durations must not be negative");
        }
      }
    }

    /**
     * Commits every second or 10,000 records, retries at most every 5 s, waits 30 s on close, looks
     * at its position once a minute while idle, and keeps the kernel's scheduler slice.
     */
    public static Options defaults() {
      return new Options(
          Duration.ofSeconds(1),
          10_000,
          Duration.ofSeconds(5),
          Duration.ofSeconds(30),
          Duration.ofMinutes(1),
          Duration.ZERO);
    }

    /** These options with another commit interval. */
    public Options withCommitInterval(Duration interval) {
      return new Options(
          interval, maxBatch, maxRetryBackoff, closeTimeout, positionCheck, schedulerSlice);
    }

    /** These options with another batch limit. */
    public Options withMaxBatch(int records) {
      return new Options(
          commitInterval, records, maxRetryBackoff, closeTimeout, positionCheck, schedulerSlice);
    }

    /** These options with another interval between an idle committer's position checks. */
    public Options withPositionCheck(Duration interval) {
      return new Options(
          commitInterval, maxBatch, maxRetryBackoff, closeTimeout, interval, schedulerSlice);
    }

    /**
     * These options with the scheduler slice the committer's thread asks Linux for when it starts
     * (zero: the kernel's default), inherited by the manifest writers it starts; see {@link
     * SchedulerSlice} and ADR 0015's second amendment.
     */
    public Options withSchedulerSlice(Duration slice) {
      return new Options(
          commitInterval, maxBatch, maxRetryBackoff, closeTimeout, positionCheck, slice);
    }
  }

  /**
   * The committer's counters since it was created, for metrics and health.
   *
   * @param batches commits made
   * @param records log records committed
   * @param committedSequence the highest log sequence the table holds
   * @param durableSequence the highest durable log sequence
   * @param lag durable records not yet committed: {@code durableSequence - committedSequence}
   * @param lastCommitLatency how long the most recent successful commit call took
   * @param lastBatchAge how long the first record of the most recent batch waited from being read
   *     until its commit succeeded: the part of decision-to-visibility this committer adds
   * @param conflicts commits refused as conflicts (Iceberg's own retries exhausted)
   * @param unknownOutcomes commits that failed with an unknown outcome and were reconciled
   * @param failure why the committer stopped, if it stopped on an error
   */
  public record Stats(
      long batches,
      long records,
      long committedSequence,
      long durableSequence,
      long lag,
      Duration lastCommitLatency,
      Duration lastBatchAge,
      long conflicts,
      long unknownOutcomes,
      Optional<String> failure) {
    /** Validates the stats. */
    public Stats {
      requireNonNull(lastCommitLatency, "lastCommitLatency is null");
      requireNonNull(lastBatchAge, "lastBatchAge is null");
      requireNonNull(failure, "failure is null");
    }
  }

  private final DecisionLog log;
  private final Table table;
  private final Options options;
  private final Backoff retryBackoff;
  // The committer's thread only.
  private final DecisionRows rows;
  private final AtomicBoolean threadStarted = new AtomicBoolean();
  private final AtomicBoolean running = new AtomicBoolean();
  private final Thread thread;

  /**
   * Writes and merges the manifests of each commit. Iceberg's shared worker pool would do it, but
   * that pool shuts down in a JVM shutdown hook of its own, racing the final commit on close; the
   * commit then fails and the batch waits in the log until the next start.
   */
  private volatile ExecutorService manifestPool;

  private volatile boolean stopping;
  private volatile boolean abandoned;
  private volatile long committedSequence;
  private volatile long batches;
  private volatile long records;
  private volatile long lastCommitNanos;
  private volatile long lastBatchAgeNanos;
  private volatile long conflicts;
  private volatile long unknownOutcomes;
  private volatile String failure;

  /**
   * Prepares a committer and reads the committed position from the table.
   *
   * @throws IllegalStateException if the table holds sequences the log never made durable (the log
   *     was replaced or lost: new decisions would be skipped), or the log no longer holds the
   *     sequences right after the committed position (they would be lost)
   */
  public DecisionCommitter(DecisionLog log, Table table, Options options) {
    this.log = requireNonNull(log, "log is null");
    this.table = BatchSnapshotIds.wrap(requireNonNull(table, "table is null"));
    this.options = requireNonNull(options, "options is null");
    Duration maxBackoff = options.maxRetryBackoff();
    this.retryBackoff =
        new Backoff(
            FIRST_BACKOFF.compareTo(maxBackoff) < 0 ? FIRST_BACKOFF : maxBackoff, maxBackoff);
    this.table.refresh();
    this.rows = new DecisionRows(this.table.schema());
    this.committedSequence = CommittedPosition.of(this.table);
    DecisionTable.matchLog(this.table, log)
        .ifPresent(
            why -> {
              throw new IllegalStateException(
                  "Cannot commit decision log: "
                      + why
                      + " (was the log replaced, lost or damaged?)");
            });
    if (committedSequence + 1 < log.firstSequence()) {
      throw new IllegalStateException(
          "Cannot commit decision log "
              + log.directory()
              + " into "
              + table.name()
              + ": the table holds sequences up to "
              + committedSequence
              + " but the log starts at "
              + log.firstSequence()
              + " (sequences in between were truncated before they were committed)");
    }
    this.thread = new Thread(this, "decision-committer");
    thread.setDaemon(true);
  }

  /**
   * Starts the committer's thread.
   *
   * @throws IllegalStateException if it was already started
   */
  public DecisionCommitter start() {
    if (!threadStarted.compareAndSet(false, true)) {
      throw new IllegalStateException("Cannot start decision committer: it was already started");
    }
    thread.start();
    return this;
  }

  /** The highest log sequence the table holds. */
  public long committedSequence() {
    return committedSequence;
  }

  /** The committer's counters now. */
  public Stats stats() {
    long committed = committedSequence;
    long durable = log.durableSequence();
    return new Stats(
        batches,
        records,
        committed,
        durable,
        Math.max(0, durable - committed),
        Duration.ofNanos(lastCommitNanos),
        Duration.ofNanos(lastBatchAgeNanos),
        conflicts,
        unknownOutcomes,
        Optional.ofNullable(failure));
  }

  /**
   * Commits the log until {@link #close()}; {@link #start()} runs it on the committer's thread.
   *
   * @throws IllegalStateException if it is already running
   */
  @Override
  public void run() {
    if (!running.compareAndSet(false, true)) {
      throw new IllegalStateException("Cannot run decision committer: it is already running");
    }
    if (!options.schedulerSlice().isZero() && Thread.currentThread() == thread) {
      // Before the manifest writers start: threads inherit their creator's slice.
      SchedulerSlice.Outcome slice = SchedulerSlice.request(options.schedulerSlice());
      LOG.log(
          slice.granted() ? Level.DEBUG : Level.INFO,
          "Decision committer's scheduler slice of "
              + options.schedulerSlice()
              + ": "
              + slice.detail());
    }
    manifestPool =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread worker = new Thread(runnable, "decision-committer-manifests");
              worker.setDaemon(true);
              return worker;
            });
    try (LogReader reader = log.reader(committedSequence + 1)) {
      loop(reader);
    } catch (Abandoned e) {
      LOG.log(
          Level.WARNING,
          "Decision committer abandoned its batch on close; the log keeps it from sequence "
              + (committedSequence + 1));
    } catch (InterruptedException e) {
      failure = "interrupted";
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      // Records stay in the log; a restart commits them. Errors are not caught to be survived.
      failure = e.toString();
      LOG.log(Level.ERROR, "Decision committer stopped on " + table.name(), e);
      throw e;
    } finally {
      manifestPool.shutdown();
    }
  }

  /**
   * Commits every record durable now, then stops the committer's thread (a caller that runs {@link
   * #run()} on a thread of its own waits for it itself). If that takes longer than {@link
   * Options#closeTimeout()} the batch is abandoned: its records stay in the log for the next start.
   * Idempotent.
   */
  @Override
  public void close() {
    stopping = true;
    if (!threadStarted.get() || thread == Thread.currentThread()) {
      return;
    }
    boolean interrupted = false;
    long deadline = System.nanoTime() + options.closeTimeout().toNanos();
    while (thread.isAlive()) {
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0 && !abandoned) {
        abandoned = true;
        LockSupport.unpark(thread);
      }
      try {
        TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(remaining, POLL_SLICE_NANOS));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop(LogReader reader) throws InterruptedException {
    OpenBatch batch = null;
    long interval = options.commitInterval().toNanos();
    long nextPositionCheck = System.nanoTime() + options.positionCheck().toNanos();
    while (true) {
      boolean stop = stopping;
      long wait =
          stop
              ? 0
              : batch == null
                  ? POLL_SLICE_NANOS
                  : Math.min(READ_SLICE_NANOS, batch.started + interval - System.nanoTime());
      long polled = System.nanoTime();
      List<LogRecord> read;
      if (batch == null) {
        read = reader.poll(options.maxBatch(), Duration.ofNanos(Math.max(0, wait)));
      } else {
        // An open batch reads what became durable in slices instead of waking for every group
        // commit of the log, which at a moderate rate fsyncs thousands of times a second.
        if (wait > 0) {
          LockSupport.parkNanos(this, wait);
        }
        read = reader.poll(options.maxBatch() - batch.records, Duration.ZERO);
      }
      if (!read.isEmpty()) {
        if (batch == null) {
          batch = new OpenBatch(read.get(0).sequence(), System.nanoTime());
        }
        batch.add(read);
      }
      boolean due =
          batch != null
              && (batch.records >= options.maxBatch()
                  || System.nanoTime() - batch.started >= interval
                  || (stop && read.isEmpty()));
      if (due) {
        commitBatch(batch);
        batch = null;
      }
      if (stop && read.isEmpty() && batch == null) {
        return;
      }
      if (!stop && read.isEmpty() && batch == null && System.nanoTime() >= nextPositionCheck) {
        carryPositionIfBuried();
        nextPositionCheck = System.nanoTime() + options.positionCheck().toNanos();
      }
      long early = wait - (System.nanoTime() - polled);
      if (read.isEmpty() && batch == null && early > 0) {
        // The log stopped writing (closed or failed) and answers at once: do not spin.
        LockSupport.parkNanos(this, early);
      }
    }
  }

  /**
   * The batch being read: its decisions go into Parquet as they are read, so neither log records
   * nor rows pile up for the commit (they would survive young collections and be copied), and the
   * commit itself only completes the files instead of encoding a second's decisions in one burst on
   * the core the requests share.
   */
  private final class OpenBatch {
    final long first;
    final long started;
    long last;
    int records;
    private RecordFiles.Appender appender;

    OpenBatch(long first, long started) {
      this.first = first;
      this.started = started;
      this.appender = new RecordFiles.Appender(table, "decisions-" + first);
    }

    void add(List<LogRecord> read) {
      for (LogRecord record : read) {
        // Outside the try: a record that does not decode stops the committer, as before.
        GenericData.Record row = rows.fromLog(record.sequence(), record.payload());
        if (appender != null) {
          try {
            appender.write(row);
          } catch (RuntimeException e) {
            LOG.log(
                Level.WARNING,
                "Cannot write data files for decision log sequences from "
                    + first
                    + "; writing the batch again from the log at commit",
                e);
            appender.close();
            appender = null;
          }
        }
        last = record.sequence();
        records++;
      }
    }

    /** The batch's data files, written again from the log if streaming them failed. */
    List<DataFile> finish() throws InterruptedException {
      if (appender != null) {
        try {
          return appender.finish();
        } catch (RuntimeException e) {
          LOG.log(
              Level.WARNING,
              "Cannot complete data files for decision log sequences "
                  + first
                  + " to "
                  + last
                  + "; writing the batch again from the log",
              e);
          appender.close();
          appender = null;
        }
      }
      return rewrite(first, last);
    }
  }

  private void commitBatch(OpenBatch batch) throws InterruptedException {
    long first = batch.first;
    long last = batch.last;
    List<DataFile> files = batch.finish();
    commit(files, first, last);
    committedSequence = last;
    batches++;
    records += batch.records;
    lastBatchAgeNanos = System.nanoTime() - batch.started;
    try {
      log.truncateBefore(last + 1);
    } catch (RuntimeException e) {
      // Harmless: the segments go with a later truncation, and a restart skips what is committed.
      LOG.log(Level.WARNING, "Cannot truncate decision log " + log.directory(), e);
    }
  }

  /**
   * Writes a batch's data files again from its records in the log (truncated only after the commit,
   * so they are still there), retrying until it succeeds or the committer is abandoned.
   */
  private List<DataFile> rewrite(long first, long last) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      checkAbandoned();
      try (LogReader reader = log.reader(first);
          RecordFiles.Appender appender =
              new RecordFiles.Appender(table, "decisions-" + first + "-" + last)) {
        while (reader.nextSequence() <= last) {
          List<LogRecord> read =
              reader.poll((int) (last + 1 - reader.nextSequence()), Duration.ZERO);
          if (read.isEmpty()) {
            throw new IllegalStateException(
                "Cannot read decision log sequences "
                    + reader.nextSequence()
                    + " to "
                    + last
                    + " again: the log stopped");
          }
          for (LogRecord record : read) {
            appender.write(rows.fromLog(record.sequence(), record.payload()));
          }
        }
        return appender.finish();
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING,
            "Cannot write data files for decision log sequences "
                + first
                + " to "
                + last
                + " (attempt "
                + attempt
                + "); retrying",
            e);
        backoff(attempt);
      }
    }
  }

  private void commit(List<DataFile> batchFiles, long batchFirst, long last)
      throws InterruptedException {
    List<DataFile> files = batchFiles;
    long first = batchFirst;
    BatchSnapshotIds.of(table).startBatch(first);
    String batch =
        "Commit of decision log sequences " + first + " to " + last + " into " + table.name();
    for (int attempt = 1; ; attempt++) {
      checkAbandoned();
      long started = System.nanoTime();
      try {
        // A merge append, not a fast append: manifests merge as commits accumulate.
        AppendFiles append = table.newAppend();
        if (manifestPool != null) {
          append.scanManifestsWith(manifestPool);
        }
        files.forEach(append::appendFile);
        append.set(CommittedPosition.FIRST_SEQUENCE, Long.toString(first));
        append.set(CommittedPosition.LAST_SEQUENCE, Long.toString(last));
        append.set(CommittedPosition.LOG_ID, log.identity());
        append.commit();
        lastCommitNanos = System.nanoTime() - started;
        return;
      } catch (CommitFailedException e) {
        // A known conflict that outlasted Iceberg's own retries: nothing was committed.
        conflicts++;
        LOG.log(
            Level.WARNING,
            batch
                + " conflicted (attempt "
                + attempt
                + "); retrying with the same files: "
                + e.getMessage());
      } catch (RuntimeException e) {
        if (e instanceof BatchSnapshotIds.EarlierAttemptLanded
            || e instanceof BatchSnapshotIds.BatchInTable) {
          // Not another unknown outcome: a commit before it landed late, as reconciling will find.
          LOG.log(
              Level.INFO,
              batch
                  + " (attempt "
                  + attempt
                  + "): "
                  + e.getMessage()
                  + "; reconciling with the table");
        } else {
          // CommitStateUnknownException or anything else: the commit may have happened.
          unknownOutcomes++;
          LOG.log(
              Level.WARNING,
              batch
                  + " has an unknown outcome (attempt "
                  + attempt
                  + "); reconciling with the table",
              e);
        }
        long committed = reconcile(first, last);
        if (committed >= last) {
          lastCommitNanos = System.nanoTime() - started;
          return;
        }
        if (committed >= first) {
          // A commit another process sent before it died landed with part of this batch: the
          // rest is cut from the log again, or the part would be in the table twice.
          LOG.log(
              Level.WARNING,
              batch
                  + ": the table holds sequences up to "
                  + committed
                  + " already (a commit of an earlier process landed late); committing the rest");
          first = committed + 1;
          files = rewrite(first, last);
          BatchSnapshotIds.of(table).startBatch(first);
          batch =
              "Commit of decision log sequences " + first + " to " + last + " into " + table.name();
          continue;
        }
        if (e instanceof BatchSnapshotIds.EarlierAttemptLanded) {
          LOG.log(
              Level.WARNING,
              batch
                  + ": the batch's snapshot is in the table but main no longer holds it (rolled"
                  + " back?); committing the batch again as a new snapshot");
        }
      }
      backoff(attempt);
    }
  }

  /**
   * Commits an empty append carrying the committed position on top of other writers' snapshots once
   * {@link #CARRY_POSITION_ABOVE} of them lie above the snapshot that carries it, so that expiry
   * can drop them. Only when the table's position is this committer's own: the new snapshot is the
   * one a restart reads, and a lower value there would append again what the table holds. Only this
   * thread commits positions, so the table cannot move past it between the check and the commit. A
   * marker that fails is left for the next check; one whose outcome is unknown is harmless either
   * way.
   */
  private void carryPositionIfBuried() {
    try {
      table.refresh();
      Snapshot current = table.currentSnapshot();
      Snapshot carrier = CommittedPosition.carrier(table, current);
      if (carrier == null || CommittedPosition.carried(table, carrier) != committedSequence) {
        return;
      }
      int above = 0;
      for (Snapshot snapshot = current;
          snapshot.snapshotId() != carrier.snapshotId();
          snapshot = table.snapshot(snapshot.parentId())) {
        above++;
      }
      if (above < CARRY_POSITION_ABOVE) {
        return;
      }
      // A new snapshot id, not the last batch's: that one is in the table.
      BatchSnapshotIds.of(table).startPositionCommit();
      table
          .newAppend()
          .set(CommittedPosition.LAST_SEQUENCE, Long.toString(committedSequence))
          .set(CommittedPosition.LOG_ID, log.identity())
          .commit();
      LOG.log(
          Level.INFO,
          "Carried the committed position "
              + committedSequence
              + " of "
              + table.name()
              + " above "
              + above
              + " snapshots of other writers, so that expiry can drop them");
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Cannot carry the committed position of " + table.name() + " now; trying again later",
          e);
    }
  }

  /**
   * The position the table holds after a commit of the batch whose outcome is not known, asking
   * until the table can be read: at least {@code last} if the batch is in it, below {@code first}
   * if not, or in between if another process's commit of part of it landed.
   */
  private long reconcile(long first, long last) {
    for (int attempt = 1; ; attempt++) {
      checkAbandoned();
      long committed;
      try {
        table.refresh();
        committed = CommittedPosition.of(table);
      } catch (RuntimeException e) {
        LOG.log(
            Level.WARNING,
            "Cannot read " + table.name() + " to reconcile (attempt " + attempt + "); retrying",
            e);
        backoff(attempt);
        continue;
      }
      if (committed >= last) {
        LOG.log(
            Level.INFO,
            "Reconciled: " + table.name() + " holds sequences up to " + committed + "; committed");
      }
      return committed;
    }
  }

  private void backoff(int attempt) {
    long deadline = System.nanoTime() + retryBackoff.after(attempt).toNanos();
    long remaining;
    while ((remaining = deadline - System.nanoTime()) > 0 && !abandoned) {
      LockSupport.parkNanos(this, remaining);
    }
  }

  private void checkAbandoned() {
    if (abandoned) {
      throw new Abandoned();
    }
  }

  /** Unwinds the committer's thread when close gives up on the batch in flight. */
  private static final class Abandoned extends RuntimeException {
    Abandoned() {
      super(null, null, false, false);
    }
  }
}
