package io.insightmesh.decisions.table;

import static java.util.Objects.requireNonNull;

import io.insightmesh.decisions.sched.BackgroundPriority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.generic.GenericData;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ExpireSnapshots;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.parquet.ParquetAvroValueReaders;
import org.apache.iceberg.util.StructLikeMap;

/**
 * Keeps a streaming product table fast to read as history grows, without Spark: compacts the small
 * data files frequent commits leave behind and expires old snapshots. Release tags keep their
 * snapshots (Iceberg retains every snapshot a ref points to), so pinned releases stay readable.
 * Every snapshot kept is an entry in each new {@code metadata.json}, which every commit writes and
 * every reader's planning parses, so expiry keeps minutes, not days, and runs every minute
 * (decision 0018).
 *
 * <p>Compaction gathers the small files of a partition into files of about {@link
 * Options#targetFileBytes()} and swaps them in with a rewrite validated from the snapshot it read:
 * if anything changed those files meanwhile, the commit conflicts and this round is skipped.
 *
 * <p>A round runs at idle priority, but the garbage it makes is collected by the young pauses that
 * stop the engine's answers, in a heap holding millions of claims. So files whose row groups hold
 * thousands of rows (the committer's under load) are not decoded: their row groups are copied byte
 * for byte ({@link RowGroupConcat}, decision 0019). Only files of a few rows a row group, or of an
 * earlier schema, are decoded and written again, as Avro records into one reused container, strings
 * as their UTF-8 bytes: 2.7 KB of garbage a row moved ({@code CompactionCostProbe}).
 *
 * <p>{@link #start(Duration)} runs a round every interval on a thread of its own, beside the
 * table's writer: a round takes seconds of CPU at high volume and commits would wait behind it if
 * the writer ran it between batches. Both commit optimistically: an append that lands first makes
 * the rewrite's commit retry onto it (appends remove no files, so the validation passes), and a
 * rewrite that lands first makes the append retry. Give it its own table instance: Iceberg's table
 * operations keep the table's current metadata unsynchronised. One round at a time.
 */
public final class TableHygiene implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(TableHygiene.class.getName());
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  /** How the files compaction writes are named: {@code compacted-<uuid>.parquet}. */
  static final String COMPACTED_PREFIX = "compacted";

  /**
   * What hygiene keeps and compacts.
   *
   * @param maxSnapshotAge snapshots older than this are expired, release tags aside
   * @param minSnapshotsToKeep the most recent snapshots of {@code main} kept whatever their age
   * @param smallFileBytes data files below this size are compaction candidates
   * @param minFilesToCompact a partition is compacted once it has this many small files to rewrite
   *     together (see {@link #tier})
   * @param targetFileBytes the size a compacted file is rolled at
   * @param releaseBaseMaxAge how old the newest tag in {@code main}'s history may be for expiry to
   *     keep the history down to it (see {@link #expireSnapshots})
   */
  public record Options(
      Duration maxSnapshotAge,
      int minSnapshotsToKeep,
      long smallFileBytes,
      int minFilesToCompact,
      long targetFileBytes,
      Duration releaseBaseMaxAge) {
    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public Options {
      requireNonNull(maxSnapshotAge, "maxSnapshotAge is null");
      requireNonNull(releaseBaseMaxAge, "releaseBaseMaxAge is null");
      if (releaseBaseMaxAge.isNegative()) {
        throw new IllegalArgumentException(
            "Invalid releaseBaseMaxAge " + releaseBaseMaxAge + ": must not be negative");
      }
      if (maxSnapshotAge.isNegative()) {
        throw new IllegalArgumentException(
            "Invalid maxSnapshotAge " + maxSnapshotAge + ": must not be negative");
      }
      if (minSnapshotsToKeep < 1) {
        throw new IllegalArgumentException(
            "Invalid minSnapshotsToKeep "
                + minSnapshotsToKeep
                + ": must be at least 1 (the current snapshot)");
      }
      if (minFilesToCompact < 2) {
        throw new IllegalArgumentException(
            "Invalid minFilesToCompact " + minFilesToCompact + ": must be at least 2");
      }
      if (smallFileBytes < 1 || targetFileBytes < 1) {
        throw new IllegalArgumentException(
            "Invalid file sizes "
                + smallFileBytes
                + " and "
                + targetFileBytes
                + ": smallFileBytes and targetFileBytes must be positive");
      }
    }

    /** Options that keep the history down to the newest tag for up to {@link #defaults}' hour. */
    public Options(
        Duration maxSnapshotAge,
        int minSnapshotsToKeep,
        long smallFileBytes,
        int minFilesToCompact,
        long targetFileBytes) {
      this(
          maxSnapshotAge,
          minSnapshotsToKeep,
          smallFileBytes,
          minFilesToCompact,
          targetFileBytes,
          DEFAULT_RELEASE_BASE_MAX_AGE);
    }

    /**
     * Expire after two minutes keeping the last 20 snapshots, and the history down to the newest
     * tag when it is at most an hour old; compact 20 or more files under 16 MiB into 128 MiB files.
     *
     * <p>Two minutes because every snapshot kept is an entry in each new {@code metadata.json},
     * which the committer writes and every reader's planning parses about once a second under load:
     * a day's worth was tens of megabytes. Points in time worth going back to are the release tags
     * (one a minute for the last hour, see {@link ReleaseCadence}), and a scan that planned on a
     * snapshot as it expired still reads its files for {@link PacedDeletes}' grace.
     */
    public static Options defaults() {
      return new Options(Duration.ofMinutes(2), 20, 16L << 20, 20, 128L << 20);
    }
  }

  /** How old the newest tag may be for expiry to keep the history down to it, by default. */
  public static final Duration DEFAULT_RELEASE_BASE_MAX_AGE = Duration.ofHours(1);

  /** How often snapshots are expired at most, whatever the compaction interval. */
  public static final Duration EXPIRY_INTERVAL = Duration.ofMinutes(1);

  /**
   * What one compaction did.
   *
   * @param rewrittenFiles small files replaced
   * @param addedFiles files written in their place
   * @param rows rows moved
   * @param skippedPartitions partitions whose rewrite conflicted or failed and was skipped
   */
  public record Compaction(int rewrittenFiles, int addedFiles, long rows, int skippedPartitions) {}

  /**
   * What one hygiene round did.
   *
   * @param compaction the compaction
   * @param expiredSnapshots snapshots expired
   */
  public record Result(Compaction compaction, int expiredSnapshots) {
    /** Validates the result. */
    public Result {
      requireNonNull(compaction, "compaction is null");
    }
  }

  private final Table table;
  private final Options options;
  private final Clock clock;
  private final PacedDeletes deletes;
  private final Periodic schedule = new Periodic("table-hygiene", BackgroundPriority.IDLE_TIME);

  /**
   * Where Iceberg reads and filters manifests for a round. Iceberg's own worker pool is shared by
   * the whole JVM and its threads keep the priority of the thread that started them (in the engine,
   * the committer's): a round's manifest reads would run there at nice 0, not in idle time.
   */
  private final ExecutorService manifestWork =
      Executors.newFixedThreadPool(
          2, BackgroundPriority.IDLE_TIME.daemonThreads("hygiene-iceberg"));

  private final Object round = new Object();
  private final AtomicLong rounds = new AtomicLong();
  // Written only by a round, under its lock; read by health and metrics.
  private volatile long skippedPartitions;
  private volatile Skipping skipping = new Skipping(0, 0);
  private volatile Result lastResult;
  private volatile long lastRoundNanos;
  private volatile String problem;
  private volatile int snapshotsKept;
  private volatile long metadataBytes;
  // Only on the schedule's thread.
  private long lastCompactionNanos;
  private Duration compactEvery;

  /** Hygiene for a table with the system clock. */
  public TableHygiene(Table table, Options options) {
    this(table, options, Clock.systemUTC());
  }

  /** Hygiene for a table, judging snapshot age by {@code clock}, deleting expired files at once. */
  public TableHygiene(Table table, Options options, Clock clock) {
    this(table, options, clock, null);
  }

  /**
   * Hygiene for a table with the system clock, whose expired files wait in {@code deletes} (which
   * the caller starts and closes).
   */
  public TableHygiene(Table table, Options options, PacedDeletes deletes) {
    this(table, options, Clock.systemUTC(), requireNonNull(deletes, "deletes is null"));
  }

  /** Hygiene judging snapshot age by {@code clock}; {@code deletes} may be null (at once). */
  TableHygiene(Table table, Options options, Clock clock, PacedDeletes deletes) {
    this.table = requireNonNull(table, "table is null");
    this.options = requireNonNull(options, "options is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.deletes = deletes;
  }

  /**
   * Runs a round every {@code interval} on a thread of its own, the first one an interval from now
   * (a starting engine is busy enough), and expires snapshots alone every {@link #EXPIRY_INTERVAL}
   * between rounds when the interval is longer: at a commit a second, ten minutes of snapshots
   * would be 600 entries more in every {@code metadata.json}. A failed round or expiry is logged
   * and kept for {@link #problem()}; the next one tries again.
   *
   * @throws IllegalArgumentException if the interval is not positive
   * @throws IllegalStateException if it was already started
   */
  public TableHygiene start(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "Invalid hygiene interval " + interval + ": must be positive");
    }
    Duration tick = interval.compareTo(EXPIRY_INTERVAL) < 0 ? interval : EXPIRY_INTERVAL;
    compactEvery = interval;
    lastCompactionNanos = System.nanoTime();
    schedule.start("hygiene of " + table.name(), this::scheduledRound, tick, tick);
    return this;
  }

  private void scheduledRound() {
    try {
      // A tick early rather than a tick late: ticks end a little after they are due.
      if (System.nanoTime() - lastCompactionNanos >= compactEvery.toNanos() * 9 / 10) {
        lastCompactionNanos = System.nanoTime();
        run();
      } else {
        synchronized (round) {
          expireSnapshots();
        }
      }
      problem = null;
    } catch (RuntimeException e) {
      problem = e.toString();
      LOG.log(Level.WARNING, "Table hygiene of " + table.name() + " failed; next round later", e);
    } catch (Error e) {
      // Said in health too (a heap too small for a rewrite), but not survived here: the schedule
      // logs it and runs the next round.
      problem = e.toString();
      throw e;
    }
  }

  /** Compacts, then expires snapshots (so the replaced small files go as their snapshots do). */
  public Result run() {
    // One round at a time, scheduled or called directly; a lock nothing else takes.
    synchronized (round) {
      long started = System.nanoTime();
      Compaction compaction;
      try {
        compaction = compact();
      } catch (RuntimeException e) {
        // Expiry does not depend on compaction: a partition that cannot be compacted must not let
        // snapshots, and the files only they hold, pile up.
        try {
          expireSnapshots();
        } catch (RuntimeException alsoFailed) {
          e.addSuppressed(alsoFailed);
        }
        throw e;
      }
      int expired = expireSnapshots();
      Result result = new Result(compaction, expired);
      lastRoundNanos = System.nanoTime() - started;
      lastResult = result;
      skippedPartitions += compaction.skippedPartitions();
      skipping =
          compaction.skippedPartitions() > 0
              ? new Skipping(compaction.skippedPartitions(), skipping.rounds() + 1)
              : new Skipping(0, 0);
      rounds.incrementAndGet();
      LOG.log(
          Level.INFO,
          String.format(
              "Hygiene of %s: %d small files (%d rows) compacted into %d, %d snapshots expired in"
                  + " %d ms",
              table.name(),
              compaction.rewrittenFiles(),
              compaction.rows(),
              compaction.addedFiles(),
              expired,
              TimeUnit.NANOSECONDS.toMillis(lastRoundNanos)));
      return result;
    }
  }

  /** Rounds completed since this instance was made. */
  public long rounds() {
    return rounds.get();
  }

  /** What the last completed round did, if one did. */
  public Optional<Result> lastResult() {
    return Optional.ofNullable(lastResult);
  }

  /** How long the last completed round took ({@link Duration#ZERO} before the first). */
  public Duration lastRoundDuration() {
    return Duration.ofNanos(lastRoundNanos);
  }

  /** Partitions compaction skipped (a conflicting commit or an unknown outcome), in all rounds. */
  public long skippedPartitions() {
    return skippedPartitions;
  }

  /**
   * The last round's skipped partitions and how many rounds in a row skipped any, kept together so
   * that health never pairs one round's count with another's streak.
   */
  private record Skipping(int partitions, int rounds) {}

  /**
   * What the operator should know when the last round skipped partitions: one skip is another
   * writer's commit landing first and the next round retries, but a partition skipped round after
   * round keeps its small files, and its readers slow down.
   */
  public Optional<String> skipping() {
    Skipping now = skipping;
    if (now.rounds() == 0) {
      return Optional.empty();
    }
    int skipped = now.partitions();
    int inARow = now.rounds();
    return Optional.of(
        String.format(
            "compaction skipped %d %s in the last round (a conflicting commit or an unknown"
                + " outcome; see the log), %d %s in a row",
            skipped,
            skipped == 1 ? "partition" : "partitions",
            inARow,
            inARow == 1 ? "round" : "rounds"));
  }

  /** Why the last scheduled round failed, if it did. */
  public Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  /**
   * Stops the rounds, waiting up to 30 s for one in flight (then leaves it to its daemon thread: a
   * compaction interrupted before its commit leaves only unreferenced files). Idempotent.
   */
  @Override
  public void close() {
    if (schedule.stop(CLOSE_WAIT) == Periodic.Stopped.STILL_RUNNING) {
      LOG.log(
          Level.WARNING,
          "Table hygiene of " + table.name() + " still running after " + CLOSE_WAIT + "; left");
    }
    // A round still running finishes its manifest work first.
    manifestWork.shutdown();
  }

  /**
   * Expires {@code main}'s snapshots older than {@link Options#maxSnapshotAge()} beyond the last
   * {@link Options#minSnapshotsToKeep()}, deleting files no retained snapshot references (after the
   * grace of the {@link PacedDeletes} given, if one was). Snapshots that a tag or branch points to
   * are kept, and so is {@code main}'s history down to two snapshots:
   *
   * <ul>
   *   <li>the youngest that carries the committed decision-log position ({@link
   *       CommittedPosition#carrier}): other writers' snapshots (a backfill, a correction, an idle
   *       engine's table maintained elsewhere) may outnumber the snapshots kept, and without it a
   *       restarted committer would append again what the table holds;
   *   <li>the newest tagged one, if it is at most {@link Options#releaseBaseMaxAge()} old: the next
   *       release audits the decisions appended since it, and Iceberg reads those appends by
   *       walking the history between the two (a tag keeps its snapshot, not the history below).
   * </ul>
   *
   * @return how many snapshots were expired
   */
  public int expireSnapshots() {
    table.refresh();
    int before = count(table.snapshots());
    long now = clock.millis();
    long cutoff = now - options.maxSnapshotAge().toMillis();
    Snapshot current = table.currentSnapshot();
    cutoff = Math.min(cutoff, keptDownTo(current, CommittedPosition.carrier(table, current)));
    cutoff =
        Math.min(
            cutoff,
            keptDownTo(
                current, newestTagged(current, now - options.releaseBaseMaxAge().toMillis())));
    ExpireSnapshots expiry =
        table
            .expireSnapshots()
            .planWith(manifestWork)
            .expireOlderThan(cutoff)
            .retainLast(options.minSnapshotsToKeep())
            .cleanExpiredFiles(true);
    if (deletes != null) {
      expiry.deleteWith(deletes::deleteLater);
    }
    expiry.commit();
    if (deletes != null) {
      deletes.flush();
    }
    table.refresh();
    snapshotsKept = count(table.snapshots());
    metadataBytes = measureMetadata();
    return before - snapshotsKept;
  }

  private long measureMetadata() {
    if (!(table instanceof HasTableOperations operations)) {
      return 0;
    }
    try {
      return table
          .io()
          .newInputFile(operations.operations().current().metadataFileLocation())
          .getLength();
    } catch (RuntimeException e) {
      // Replaced meanwhile by another writer's commit: the next expiry measures again.
      return metadataBytes;
    }
  }

  /** Snapshots the table kept after the last expiry, tagged ones included. */
  public int snapshotsKept() {
    return snapshotsKept;
  }

  /**
   * The size of the table's {@code metadata.json} after the last expiry: what every commit writes
   * and every reader's planning parses.
   */
  public long metadataBytes() {
    return metadataBytes;
  }

  /**
   * The cutoff that keeps {@code main}'s history from {@code current} down to {@code kept}: expiry
   * keeps the history down to the first snapshot older than the cutoff, and another writer's clock
   * may be behind ours, so every snapshot down to {@code kept} must be younger.
   */
  private long keptDownTo(Snapshot current, Snapshot kept) {
    long cutoff = Long.MAX_VALUE;
    if (kept == null) {
      return cutoff;
    }
    for (Snapshot snapshot = current; ; snapshot = table.snapshot(snapshot.parentId())) {
      cutoff = Math.min(cutoff, snapshot.timestampMillis());
      if (snapshot.snapshotId() == kept.snapshotId()) {
        return cutoff;
      }
    }
  }

  /**
   * The newest snapshot of {@code main}'s history a tag points to, if it was committed at {@code
   * notBefore} or later; {@code null} otherwise, or if the history kept reaches no tag.
   */
  private Snapshot newestTagged(Snapshot current, long notBefore) {
    Set<Long> tagged = new HashSet<>();
    table.refs().values().stream()
        .filter(SnapshotRef::isTag)
        .forEach(ref -> tagged.add(ref.snapshotId()));
    for (Snapshot snapshot = current;
        snapshot != null && snapshot.timestampMillis() >= notBefore;
        snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId())) {
      if (tagged.contains(snapshot.snapshotId())) {
        return snapshot;
      }
    }
    return null;
  }

  /**
   * Rewrites each partition's small data files (of the current partition spec) into larger ones,
   * once a partition has {@link Options#minFilesToCompact()} of them worth rewriting together
   * ({@link #tier}).
   */
  public Compaction compact() {
    table.refresh();
    Snapshot snapshot = table.currentSnapshot();
    if (snapshot == null) {
      return new Compaction(0, 0, 0, 0);
    }
    PartitionSpec spec = table.spec();
    Map<StructLike, List<DataFile>> small = StructLikeMap.create(spec.partitionType());
    try (CloseableIterable<FileScanTask> tasks =
        // With their column statistics: the files whose row groups are copied give theirs to the
        // new.
        table
            .newScan()
            .planWith(manifestWork)
            .useSnapshot(snapshot.snapshotId())
            .includeColumnStats()
            .planFiles()) {
      for (FileScanTask task : tasks) {
        DataFile file = task.file();
        if (file.specId() == spec.specId()
            && task.deletes().isEmpty()
            && file.fileSizeInBytes() < options.smallFileBytes()) {
          small.computeIfAbsent(file.partition(), partition -> new ArrayList<>()).add(file.copy());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot plan the files of " + table.name(), e);
    }
    long committed = CommittedPosition.of(table, snapshot);
    java.util.Optional<String> committedLog = CommittedPosition.logId(table, snapshot);
    int rewritten = 0;
    int added = 0;
    long rows = 0;
    int skipped = 0;
    int failedPartitions = 0;
    RuntimeException failed = null;
    for (Map.Entry<StructLike, List<DataFile>> partition : small.entrySet()) {
      List<DataFile> files = tier(partition.getValue());
      if (files.size() < options.minFilesToCompact()) {
        continue;
      }
      List<DataFile> written;
      try {
        written = compact(spec, partition.getKey(), files);
      } catch (RuntimeException e) {
        // A partition that cannot be rewritten (a lost or damaged file) must not keep the ones
        // after it from being compacted, round after round; the round still fails, saying why.
        failedPartitions++;
        if (failed == null) {
          failed = e;
        } else {
          failed.addSuppressed(e);
        }
        continue;
      }
      long moved = files.stream().mapToLong(DataFile::recordCount).sum();
      // Iceberg 1.10 still writes the new files' manifest on its own pool: one small manifest.
      RewriteFiles rewrite =
          table
              .newRewrite()
              .scanManifestsWith(manifestWork)
              .validateFromSnapshot(snapshot.snapshotId());
      files.forEach(rewrite::deleteFile);
      written.forEach(rewrite::addFile);
      if (committed > 0) {
        // The position survives the expiry of the appends below this snapshot.
        rewrite.set(CommittedPosition.LAST_SEQUENCE, Long.toString(committed));
        committedLog.ifPresent(id -> rewrite.set(CommittedPosition.LOG_ID, id));
      }
      try {
        rewrite.commit();
      } catch (CommitFailedException | ValidationException conflict) {
        // Known not committed: the new files are ours alone to remove.
        skipped++;
        LOG.log(
            Level.INFO,
            "Compaction of a partition of "
                + table.name()
                + " conflicted; skipped this round: "
                + conflict.getMessage());
        deleteUncommitted(written);
        table.refresh();
        continue;
      } catch (RuntimeException unknown) {
        // Unknown outcome: the new files may be live now, so they stay.
        skipped++;
        LOG.log(
            Level.WARNING,
            "Compaction of a partition of " + table.name() + " has an unknown outcome",
            unknown);
        table.refresh();
        continue;
      }
      rewritten += files.size();
      added += written.size();
      rows += moved;
    }
    if (failed != null) {
      throw new IllegalStateException(
          "Cannot compact "
              + failedPartitions
              + (failedPartitions == 1 ? " partition" : " partitions")
              + " of "
              + table.name()
              + " (the others' "
              + rewritten
              + " small files were compacted): "
              + failed.getMessage(),
          failed);
    }
    return new Compaction(rewritten, added, rows, skipped);
  }

  /**
   * The small files of a partition worth rewriting together: every file a commit wrote, and then,
   * from the fewest rows up, each file an earlier round wrote that holds at most as many rows as
   * those gathered before it. Without the bound a round would read again everything earlier rounds
   * wrote (their files stay under {@link Options#smallFileBytes()} for a while at a commit a
   * second), and its cost would grow with all that was compacted so far instead of with the new
   * files. With it, a compacted row is rewritten only when its file at least doubles, so a few
   * times in all (size tiers, as log-structured stores do). Rows, not bytes: a commit's small file
   * carries more bytes a row than a compacted one.
   */
  static List<DataFile> tier(List<DataFile> small) {
    List<DataFile> chosen = new ArrayList<>();
    List<DataFile> compacted = new ArrayList<>();
    long rows = 0;
    for (DataFile file : small) {
      if (isCompacted(file)) {
        compacted.add(file);
      } else {
        chosen.add(file);
        rows += file.recordCount();
      }
    }
    compacted.sort(Comparator.comparingLong(DataFile::recordCount));
    for (DataFile file : compacted) {
      if (file.recordCount() > rows) {
        break;
      }
      chosen.add(file);
      rows += file.recordCount();
    }
    return chosen;
  }

  private static boolean isCompacted(DataFile file) {
    String location = file.location();
    return location.startsWith(COMPACTED_PREFIX + "-", location.lastIndexOf('/') + 1);
  }

  /**
   * New files holding the rows of {@code files}: the row groups of the files worth keeping copied
   * as they are ({@link RowGroupConcat}), the rest decoded and written again ({@link #rewrite}).
   * Nothing is left behind if it fails.
   */
  private List<DataFile> compact(PartitionSpec spec, StructLike partition, List<DataFile> files) {
    List<DataFile> written = new ArrayList<>();
    List<DataFile> decoded = new ArrayList<>();
    boolean whole = false;
    try (RowGroupConcat concat = new RowGroupConcat(table, spec, partition, COMPACTED_PREFIX)) {
      for (DataFile file : files) {
        if (!RowGroupConcat.worthKeeping(file)) {
          decoded.add(file);
          continue;
        }
        if (concat.length() > 0
            && concat.length() + file.fileSizeInBytes() > options.targetFileBytes()) {
          written.add(concat.finish());
        }
        if (!concat.append(file)) {
          decoded.add(file);
        }
      }
      DataFile last = concat.finish();
      if (last != null) {
        written.add(last);
      }
      if (!decoded.isEmpty()) {
        written.addAll(rewrite(spec, partition, decoded));
      }
      whole = true;
      return written;
    } finally {
      if (!whole) {
        deleteUncommitted(written);
      }
    }
  }

  private List<DataFile> rewrite(PartitionSpec spec, StructLike partition, List<DataFile> files) {
    Schema schema = table.schema();
    List<DataFile> written = new ArrayList<>();
    DataWriter<GenericData.Record> writer = null;
    long expected = files.stream().mapToLong(DataFile::recordCount).sum();
    long rows = 0;
    boolean whole = false;
    try {
      for (DataFile file : files) {
        try (CloseableIterable<GenericData.Record> records =
            Parquet.read(table.io().newInputFile(file.location()))
                .project(schema)
                .createReaderFunc(
                    fileSchema -> ParquetAvroValueReaders.buildReader(schema, fileSchema))
                .reuseContainers()
                .build()) {
          for (GenericData.Record record : records) {
            if (writer == null) {
              writer = newWriter(spec, partition);
            }
            writer.write(record);
            rows++;
            if (writer.length() >= options.targetFileBytes()) {
              writer.close();
              written.add(writer.toDataFile());
              writer = null;
            }
          }
        }
      }
      if (writer != null) {
        writer.close();
        written.add(writer.toDataFile());
        writer = null;
      }
      if (rows != expected) {
        throw new IllegalStateException(
            "Cannot compact files of "
                + table.name()
                + ": read "
                + rows
                + " rows where the files' metadata counts "
                + expected);
      }
      whole = true;
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot compact files of " + table.name(), e);
    } finally {
      if (writer != null) {
        try {
          writer.close();
          written.add(writer.toDataFile());
        } catch (IOException | RuntimeException e) {
          LOG.log(Level.DEBUG, "Cannot close an abandoned compaction writer", e);
        }
      }
      if (!whole) {
        // Never committed: without this every failing round would leave its files behind.
        deleteUncommitted(written);
      }
    }
  }

  /** Deletes files no commit references, logging any that remain: they only take up space. */
  private void deleteUncommitted(List<DataFile> files) {
    for (DataFile file : files) {
      try {
        table.io().deleteFile(file.location());
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Cannot delete uncommitted compaction file " + file.location(), e);
      }
    }
  }

  private DataWriter<GenericData.Record> newWriter(PartitionSpec spec, StructLike partition) {
    return RecordFiles.newAvroWriter(table, spec, partition, COMPACTED_PREFIX);
  }

  private static int count(Iterable<?> items) {
    int count = 0;
    for (Object ignored : items) {
      count++;
    }
    return count;
  }
}
