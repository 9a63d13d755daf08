package io.insightmesh.decisions.table;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.contracts.spec.QualityRule;
import io.insightmesh.decisions.sched.BackgroundPriority;
import io.insightmesh.sdk.publish.QualityReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.ManageSnapshots;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Cuts data-only releases of the decisions product while the engine commits decisions: on the
 * {@link ReleaseCadence}, it tags the main branch's snapshot {@code v<contract>+<run>}, evaluates
 * the contract's quality rules on the decisions added since the previous release ({@link
 * ReleaseQuality}), and records the release through a {@link Recorder} (the catalog registry and
 * lineage).
 *
 * <p>Nothing is duplicated or lost across crashes: the tag and the release's quality results are
 * committed to the table in one metadata commit, before the release is recorded; every cycle first
 * records any tag the registry lacks (a crash or refusal between the two), and the next run number
 * is one past the highest in the tags or the registry. A tag commit with an unknown outcome is
 * settled by the next cycle reading the tags. Releases are never cut while an earlier one is
 * unrecorded, so at most the newest tag waits for its record.
 *
 * <p>Every data-only tag but the newest carries an Iceberg {@code max-ref-age}, {@link
 * ReleaseCadence#tagThinAfter()} or, for the first of each such period, {@link
 * ReleaseCadence#tagMaxAge()}, so snapshot expiry (the engine's hygiene, or any Iceberg expiry)
 * drops it once its snapshot is that old, instead of a tag a minute pinning every snapshot for
 * good; the registry keeps the release. The contract's full releases {@code vX.Y.Z} are never
 * touched.
 *
 * <p>Reads its own instance of the table, so it never shares table state with the committer.
 */
public final class DecisionReleaser implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(DecisionReleaser.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How often a tag is committed before its release fails for this cycle. */
  private static final int TAG_ATTEMPTS = 4;

  /** How long close waits for a cycle in flight before the final one. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  /**
   * How long scheduled cycles wait after failed ones: a cycle may audit the whole table (the first
   * release of a contract), and one failing on something only the operator can fix must not repeat
   * at every poll.
   */
  static final Backoff RETRY_WAIT = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(5));

  /** Table properties the SDK's publish keeps too: the newest release and its quality results. */
  static final String LATEST_VERSION = "mesh.release.latest.version";

  static final String LATEST_QUALITY = "mesh.release.latest.quality";

  /** Where releases are recorded: the catalog's registry, and lineage. */
  public interface Recorder {
    /**
     * The newest data-only release ({@code <contractVersion>+<run>}) of {@code contractVersion} the
     * registry holds for the product, if any. Of that contract only: after an engine was rolled
     * back to an older contract, the newer contract's releases say nothing of which of the older
     * one's tags are recorded.
     *
     * @throws RuntimeException if the registry cannot be asked now (the cycle is retried)
     */
    Optional<String> latestVersion(String contractVersion);

    /** A release is about to be cut (lineage START); the default does nothing. */
    default void starting(String version) {}

    /**
     * The release could not be tagged (lineage FAIL); if the tag landed after all, the next cycle
     * records it. The default does nothing.
     */
    default void failed(String version, String reason) {}

    /**
     * Records a tagged release; recording the identical release again must be harmless.
     *
     * @throws RuntimeException if it cannot be recorded now (the next cycle records it)
     */
    void record(DecisionRelease release);
  }

  private final Table table;
  private final ProductDescriptor product;
  private final ReleaseCadence cadence;
  private final Recorder recorder;
  private final Clock clock;
  private final AtomicLong released = new AtomicLong();
  private volatile DecisionRelease last;
  private volatile String lastVersion;
  private volatile Instant lastReleasedAt;
  private volatile String problem;
  private Instant lastCutAt;
  private int failures;
  private Instant retryAt;
  private final Periodic cycles = new Periodic("decision-releaser", BackgroundPriority.IDLE_TIME);

  /** Where an audit's scan reads the manifests: in idle time too (see {@link ScanPlanning}). */
  private final ExecutorService manifestWork =
      Executors.newFixedThreadPool(
          2, BackgroundPriority.IDLE_TIME.daemonThreads("release-iceberg"));

  /**
   * A releaser of {@code table}, the table of {@code product}.
   *
   * @param table its own instance of the table (not the committer's)
   */
  public DecisionReleaser(
      Table table,
      ProductDescriptor product,
      ReleaseCadence cadence,
      Recorder recorder,
      Clock clock) {
    this.table = requireNonNull(table, "table is null");
    this.product = requireNonNull(product, "product is null");
    this.cadence = requireNonNull(cadence, "cadence is null");
    this.recorder = requireNonNull(recorder, "recorder is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.lastCutAt = clock.instant();
  }

  /**
   * Runs {@link #cycle} every {@code poll} on a thread of its own.
   *
   * @throws IllegalStateException if it was already started
   */
  public DecisionReleaser start(Duration poll) {
    cycles.start("the decisions releaser", this::scheduledCycle, Duration.ZERO, poll);
    return this;
  }

  /**
   * Records any tagged release the registry lacks, then cuts a release if one is due ({@code
   * force}: if anything is unreleased at all). Failures are logged and kept for {@link #problem()};
   * the next cycle tries again.
   *
   * @return the release cut or recorded in this cycle, if any
   */
  public synchronized Optional<DecisionRelease> cycle(boolean force) {
    try {
      Optional<DecisionRelease> cut = releaseIfDue(force);
      problem = null;
      failures = 0;
      retryAt = null;
      return cut;
    } catch (RuntimeException e) {
      failed(e);
      LOG.log(
          Level.WARNING,
          "Cannot release "
              + product.id()
              + " now; retrying in "
              + RETRY_WAIT.after(failures)
              + " at the"
              + " earliest",
          e);
      return Optional.empty();
    } catch (Error e) {
      // Said in health too (a heap too small for the audit), but not survived here: the schedule
      // logs it and runs the next cycle.
      failed(e);
      throw e;
    }
  }

  private void failed(Throwable e) {
    failures++;
    Duration wait = RETRY_WAIT.after(failures);
    retryAt = clock.instant().plus(wait);
    problem = describe(e) + " (" + failures + " failed in a row; next in " + wait + ")";
  }

  /** What the schedule runs: {@link #cycle} unless it is backing off after failures. */
  synchronized void scheduledCycle() {
    if (retryAt == null || !clock.instant().isBefore(retryAt)) {
      cycle(false);
    }
  }

  private Optional<DecisionRelease> releaseIfDue(boolean force) {
    table.refresh();
    String contract = product.version();
    OptionalLong registered =
        recorder
            .latestVersion(contract)
            .map(version -> ReleaseRuns.run(version, contract))
            .orElse(OptionalLong.empty());
    TreeMap<Long, Long> tagged = ReleaseRuns.tagged(table, contract);
    if (lastVersion == null && !tagged.isEmpty()) {
      // Released before this start: health shows it until this run releases.
      lastVersion = ReleaseRuns.version(contract, tagged.lastKey());
      lastReleasedAt =
          Instant.ofEpochMilli(table.snapshot(tagged.lastEntry().getValue()).timestampMillis());
    }
    Optional<DecisionRelease> recovered = Optional.empty();
    for (Map.Entry<Long, Long> tag : tagged.tailMap(registered.orElse(0), false).entrySet()) {
      recovered = Optional.of(recordRecovered(tag.getKey(), tag.getValue(), tagged));
    }
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      return recovered;
    }
    Snapshot previous = tagged.isEmpty() ? null : table.snapshot(tagged.lastEntry().getValue());
    long pending =
        CommittedPosition.of(table, current)
            - (previous == null ? 0 : CommittedPosition.of(table, previous));
    Instant now = clock.instant();
    boolean due = force ? pending > 0 : cadence.due(pending, Duration.between(lastCutAt, now));
    if (!due || (previous != null && previous.snapshotId() == current.snapshotId())) {
      Map<String, Long> retention = retention(tagged, contract, false);
      if (!retention.isEmpty()) {
        // Tags cut before retention existed, or under other ages.
        ManageSnapshots refs = table.manageSnapshots();
        retention.forEach(refs::setMaxRefAgeMs);
        refs.commit();
        LOG.log(
            Level.INFO,
            "Gave "
                + retention.size()
                + " older data-only tags of "
                + table.name()
                + " the max-ref-age "
                + cadence.tagThinAfter()
                + " or, the first of each such period, "
                + cadence.tagMaxAge());
      }
      return recovered;
    }
    long run = ReleaseRuns.next(table, contract, registered);
    String version = ReleaseRuns.version(contract, run);
    recorder.starting(version);
    ReleaseQuality.Result quality;
    try {
      quality = quality(previous, current, now);
    } catch (RuntimeException | Error e) {
      // The run's lineage START gets its end, whatever stopped the audit.
      recorder.failed(version, "cannot audit the new decisions: " + describe(e));
      throw e;
    }
    long rows = summaryLong(current, SnapshotSummary.TOTAL_RECORDS_PROP);
    long bytes =
        Math.max(
            0,
            summaryLong(current, SnapshotSummary.TOTAL_FILE_SIZE_PROP)
                - (previous == null
                    ? 0
                    : summaryLong(previous, SnapshotSummary.TOTAL_FILE_SIZE_PROP)));
    DecisionRelease release =
        new DecisionRelease(
            version,
            contract,
            current.snapshotId(),
            rows,
            quality.report().rowCount(),
            bytes,
            quality.report(),
            quality.json(),
            table.schema(),
            now,
            false);
    try {
      tag(release, current, tagged, quality);
    } catch (RuntimeException | Error e) {
      recorder.failed(version, "cannot tag " + release.tag() + ": " + describe(e));
      throw e;
    }
    lastCutAt = now;
    if (!quality.report().passed()) {
      LOG.log(
          Level.WARNING,
          product.id()
              + " "
              + version
              + " fails quality rules (released: the decisions are already acknowledged):\n"
              + quality.report().text());
    }
    recorder.record(release);
    released(release);
    return Optional.of(release);
  }

  /**
   * Tags {@code snapshot} as {@code release} with its quality results, in one commit: a restart
   * finds both or neither.
   *
   * <p>The committer appends every second, so its commit often lands while this one is on its way.
   * Iceberg's own retry cannot re-apply a tag change on the newer metadata ("Table metadata refresh
   * is required"), so the whole commit is rebuilt on the refreshed table, a few times, rather than
   * failing the release and auditing its decisions again next cycle. Only a {@link
   * CommitFailedException} is retried: it says nothing was committed. An unknown outcome is thrown
   * as it is, and the next cycle finds out what the table holds.
   */
  private void tag(
      DecisionRelease release,
      Snapshot snapshot,
      TreeMap<Long, Long> tagged,
      ReleaseQuality.Result quality) {
    for (int attempt = 1; ; attempt++) {
      try {
        Transaction transaction = table.newTransaction();
        // The newest tag has no max-ref-age, so the next release's delta always has its base; the
        // one it succeeds gets it now, and snapshot expiry drops it once it is that old.
        ManageSnapshots refs =
            transaction.manageSnapshots().createTag(release.tag(), snapshot.snapshotId());
        retention(tagged, release.contractVersion(), true).forEach(refs::setMaxRefAgeMs);
        refs.commit();
        transaction
            .updateProperties()
            .set(LATEST_VERSION, release.version())
            .set(LATEST_QUALITY, quality.json().toString())
            .commit();
        transaction.commitTransaction();
        return;
      } catch (CommitFailedException e) {
        if (attempt == TAG_ATTEMPTS) {
          throw e;
        }
        LOG.log(
            Level.DEBUG,
            "Tagging " + release.tag() + " raced another commit; committing it again: " + e);
        table.refresh();
      }
    }
  }

  /**
   * The data-only tags whose max-ref-age is not the one {@link ReleaseCadence#tagMaxAgeMillis}
   * gives them, with that age: all of them with {@code withNewest}, else all but the newest (which
   * keeps its snapshot until a newer release exists). Stable as tags expire: a tag kept long is the
   * first of its period, and the tags before it in that period are younger-dying ones of an earlier
   * period or none.
   */
  private Map<String, Long> retention(
      TreeMap<Long, Long> tagged, String contract, boolean withNewest) {
    Map<String, Long> changes = new LinkedHashMap<>();
    Long previousMillis = null;
    for (Map.Entry<Long, Long> entry : tagged.entrySet()) {
      Snapshot snapshot = table.snapshot(entry.getValue());
      Long millis = snapshot == null ? null : snapshot.timestampMillis();
      boolean newest = entry.getKey().equals(tagged.lastKey());
      String tag = "v" + ReleaseRuns.version(contract, entry.getKey());
      SnapshotRef ref = table.refs().get(tag);
      if (millis != null && ref != null && (withNewest || !newest)) {
        long maxAge = cadence.tagMaxAgeMillis(millis, previousMillis);
        if (!Long.valueOf(maxAge).equals(ref.maxRefAgeMs())) {
          changes.put(tag, maxAge);
        }
      }
      previousMillis = millis;
    }
    return changes;
  }

  /**
   * Records a tag of an earlier run that the registry lacks, with the results kept on the table.
   */
  private DecisionRelease recordRecovered(long run, long snapshotId, TreeMap<Long, Long> tagged) {
    String version = ReleaseRuns.version(product.version(), run);
    Snapshot snapshot = table.snapshot(snapshotId);
    Map.Entry<Long, Long> before = tagged.lowerEntry(run);
    Snapshot previous = before == null ? null : table.snapshot(before.getValue());
    long rows = summaryLong(snapshot, SnapshotSummary.TOTAL_RECORDS_PROP);
    long added =
        rows - (previous == null ? 0 : summaryLong(previous, SnapshotSummary.TOTAL_RECORDS_PROP));
    ObjectNode json;
    QualityReport report;
    String kept = table.properties().get(LATEST_QUALITY);
    if (kept != null && version.equals(table.properties().get(LATEST_VERSION))) {
      try {
        json = (ObjectNode) JSON.readTree(kept);
      } catch (IOException e) {
        throw new UncheckedIOException("Invalid " + LATEST_QUALITY + " on " + table.name(), e);
      }
      report = QualityReport.fromJson(kept, added);
    } else {
      report = new QualityReport(added, List.of());
      json = report.json();
      json.put("detail", "the quality results of this release were not kept");
    }
    DecisionRelease release =
        new DecisionRelease(
            version,
            product.version(),
            snapshotId,
            rows,
            Math.max(0, added),
            0,
            report,
            json,
            table.schema(),
            Instant.ofEpochMilli(snapshot.timestampMillis()),
            true);
    recorder.starting(version);
    recorder.record(release);
    LOG.log(Level.INFO, "Recorded " + product.id() + " " + version + ", tagged by an earlier run");
    released(release);
    return release;
  }

  private void released(DecisionRelease release) {
    last = release;
    lastVersion = release.version();
    lastReleasedAt = release.releasedAt();
    released.incrementAndGet();
    LOG.log(
        Level.INFO,
        "Released "
            + product.id()
            + " "
            + release.version()
            + ": snapshot "
            + release.snapshotId()
            + ", "
            + release.rows()
            + " rows ("
            + release.addedRows()
            + " new), quality "
            + (release.quality().passed() ? "passed" : "FAILED"));
  }

  private ReleaseQuality.Result quality(Snapshot previous, Snapshot current, Instant now) {
    String key =
        product.qualityRules().stream()
            .filter(rule -> rule instanceof QualityRule.Unique)
            .map(rule -> ((QualityRule.Unique) rule).field())
            .findFirst()
            .orElse("claim_id");
    long releaseRows = summaryLong(current, SnapshotSummary.TOTAL_RECORDS_PROP);
    if (previous != null) {
      try {
        return audit(
            IcebergGenerics.read(ScanPlanning.on(table, manifestWork))
                .appendsBetween(previous.snapshotId(), current.snapshotId()),
            key,
            releaseRows,
            now);
      } catch (UnsupportedOperationException | IllegalArgumentException e) {
        // Not appends alone since the last release (a release published with the SDK overwrote
        // the table): judge the whole release instead.
        LOG.log(
            Level.INFO,
            "Cannot read only the new decisions of "
                + table.name()
                + " ("
                + e.getMessage()
                + "); auditing the whole release");
      }
    }
    return audit(
        IcebergGenerics.read(ScanPlanning.on(table, manifestWork))
            .useSnapshot(current.snapshotId()),
        key,
        releaseRows,
        now);
  }

  private ReleaseQuality.Result audit(
      IcebergGenerics.ScanBuilder scan, String key, long releaseRows, Instant now) {
    try (ReleaseQuality quality = new ReleaseQuality(product.qualityRules(), key)) {
      // Only what the rules read: the reasons and features are most of a decision's bytes, and an
      // audit of 100,000 decisions runs on the core the requests share. A rule's column the table
      // lacks is left out, and reads as null, as it did before.
      List<String> columns =
          quality.columns().stream()
              .filter(column -> table.schema().findField(column) != null)
              .toList();
      try (CloseableIterable<Record> rows = scan.select(columns).build()) {
        for (Record row : rows) {
          quality.add(row);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the new decisions of " + table.name(), e);
      }
      return quality.result(releaseRows, now);
    }
  }

  /** What health and lineage say of a failure: an Error, or a message-less exception, by name. */
  private static String describe(Throwable e) {
    return e instanceof Error || e.getMessage() == null ? e.toString() : e.getMessage();
  }

  private static long summaryLong(Snapshot snapshot, String property) {
    return Long.parseLong(snapshot.summary().getOrDefault(property, "0"));
  }

  /** The newest release cut or recorded since start. */
  public Optional<DecisionRelease> lastRelease() {
    return Optional.ofNullable(last);
  }

  /** The newest release's version, this run's or, until this run releases, the newest tag's. */
  public Optional<String> lastVersion() {
    return Optional.ofNullable(lastVersion);
  }

  /** When the newest release was cut (for a tag of an earlier run: its snapshot's commit time). */
  public Optional<Instant> lastReleasedAt() {
    return Optional.ofNullable(lastReleasedAt);
  }

  /** Releases cut or recorded since start. */
  public long releases() {
    return released.get();
  }

  /** Why the last cycle failed, if it did. */
  public Optional<String> problem() {
    return Optional.ofNullable(problem);
  }

  /**
   * Stops the cycles, then cuts a final release of whatever was committed since the last one (the
   * committer must be closed first, so that is everything acknowledged). A cycle still stuck on the
   * catalog, or an interrupt, skips the final release: it would wait behind that cycle, and the
   * releases after the next start hold what is left. Idempotent.
   */
  @Override
  public void close() {
    Periodic.Stopped stopped = cycles.stop(CLOSE_WAIT);
    if (stopped == Periodic.Stopped.DONE) {
      cycle(true);
    } else if (stopped == Periodic.Stopped.STILL_RUNNING) {
      LOG.log(
          Level.WARNING,
          "A release cycle of "
              + table.name()
              + " is still running; no final release at close; releases after the next start hold the rest");
    }
    // A cycle still running finishes its manifest reads first.
    manifestWork.shutdown();
  }
}
