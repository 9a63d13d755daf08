package io.insightmesh.decisions.service;

import static java.util.Objects.requireNonNull;

import io.insightmesh.decisions.assess.AssessmentService;
import io.insightmesh.decisions.assess.ClaimsHeldException;
import io.insightmesh.decisions.log.DecisionLog;
import io.insightmesh.decisions.record.AssessedClaim;
import io.insightmesh.decisions.search.ClaimIndex;
import io.insightmesh.decisions.table.Backoff;
import io.insightmesh.decisions.table.ClaimsProduct;
import io.insightmesh.decisions.table.DecisionCommitter;
import io.insightmesh.decisions.table.DecisionReleaser;
import io.insightmesh.decisions.table.DecisionTable;
import io.insightmesh.decisions.table.PacedDeletes;
import io.insightmesh.decisions.table.ProfileLoader;
import io.insightmesh.decisions.table.ProfileReleaseNotFoundException;
import io.insightmesh.decisions.table.ProfileSnapshot;
import io.insightmesh.decisions.table.ReleaseCadence;
import io.insightmesh.decisions.table.TableHygiene;
import io.insightmesh.sdk.catalog.SeededCredentials;
import io.insightmesh.sdk.publish.CatalogConnection;
import io.insightmesh.sdk.publish.RegistryClient;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.iceberg.Table;
import org.apache.iceberg.rest.RESTCatalog;
import org.jboss.logging.Logger;

/**
 * The engine's side of the catalog: it commits the logged decisions to {@code risk.decisions_v1},
 * keeps the newest profiles release loaded, and after a restart whose log no longer holds every
 * decision, feeds the search index those claims from the claims product. The catalog may be down
 * when the engine starts or later: claims are still assessed (FLAGged without a profile) and logged
 * durably, and the link retries until the catalog answers, so no decision waits on it.
 */
final class CatalogLink implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(CatalogLink.class);

  /**
   * The pauses between failed attempts to link the catalog: an attempt may read the whole decisions
   * table back (after a restart whose log was truncated), so one that keeps failing on something
   * only the operator can fix (a heap too small for it) must not repeat every two seconds.
   */
  static final Backoff RETRY = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(1));

  private static final Duration RELEASE_POLL = Duration.ofSeconds(5);

  /** Under the data directory: the decisions table's expired files waiting to be deleted. */
  static final String EXPIRED_FILES = "decisions/expired-files.pending";

  private final EngineConfig config;
  private final DecisionLog log;
  private final AssessmentService assessments;
  private final ClaimIndex index;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "catalog-link");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicReference<TableWorkers> workers = new AtomicReference<>();
  private final AtomicLong swaps = new AtomicLong();
  private RESTCatalog catalog;
  private boolean closed;
  private volatile ProfileLoader profiles;
  private volatile String lastError = "not connected yet";

  /** Only on the link's thread: decisions were taken back whose claims the search index lacks. */
  private boolean refeedPending;

  /** Only on the link's thread: attempts to link that failed in a row. */
  private int failures;

  /**
   * @throws IllegalArgumentException if an interval of {@code config} is out of range: refused at
   *     start, naming its key, rather than failing every attempt to link the catalog later
   */
  CatalogLink(
      EngineConfig config, DecisionLog log, AssessmentService assessments, ClaimIndex index) {
    checkInterval("mesh.engine.commit-interval", config.commitInterval(), true);
    checkInterval("mesh.engine.release-interval", config.releaseInterval(), false);
    checkInterval("mesh.engine.hygiene-interval", config.hygieneInterval(), true);
    checkInterval("mesh.engine.profile-refresh", config.profileRefresh(), false);
    checkInterval("mesh.engine.expired-file-grace", config.expiredFileGrace(), true);
    checkInterval("mesh.engine.release-tag-max-age", config.releaseTagMaxAge(), false);
    checkInterval("mesh.engine.release-tag-thin-after", config.releaseTagThinAfter(), false);
    this.config = requireNonNull(config, "config is null");
    this.log = requireNonNull(log, "log is null");
    this.assessments = requireNonNull(assessments, "assessments is null");
    this.index = requireNonNull(index, "index is null");
  }

  void start() {
    scheduler.execute(this::connect);
  }

  private void connect() {
    RESTCatalog connected = null;
    TableWorkers started;
    ProfileLoader loader;
    try {
      String secret =
          config
              .secret()
              .orElseGet(
                  () ->
                      new SeededCredentials(config.dataDir().resolve("catalog/credentials"))
                          .secret(config.principal()));
      CatalogConnection connection =
          new CatalogConnection(config.catalogUri(), config.principal(), secret);
      RegistryClient registry = new RegistryClient(connection);
      connected = DecisionTable.connect(connection);
      Table table = DecisionTable.createOrLoad(connected, registry);
      java.util.Optional<String> mismatch = DecisionTable.matchLog(table, log);
      if (mismatch.isPresent()) {
        // From now on nothing is acknowledged that the committer would skip: claims wait for
        // the operator.
        assessments.hold(ClaimsHeldException.logMismatch());
        throw new IllegalStateException(
            mismatch.get()
                + ": the log was replaced, lost or cut at a damaged frame. Claims are refused"
                + " until that log is restored, or the table is moved aside (its decisions stay"
                + " readable there) and the engine restarted");
      }
      if (!assessments.accepting()) {
        // The log was truncated after earlier commits: those decisions live only in the table.
        long takeBackStarted = System.nanoTime();
        // Health names the take-back's progress while it lasts, then what it named before.
        String linking = lastError;
        long recovered =
            DecisionTable.<AssessmentService.CommittedDecision>readDecisions(
                table,
                assessments::committed,
                assessments::recover,
                new TakeBackProgress(
                    "the decisions committed to " + table.name() + " (claims wait until then)",
                    DecisionTable.committedDecisions(table),
                    report -> lastError = report,
                    System::nanoTime));
        lastError = linking;
        assessments.accept();
        LOG.infof(
            "Took back %d committed decisions from %s in %d ms",
            recovered,
            table.name(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - takeBackStarted));
        // Kept past a failure below: the next attempt finds the decisions taken back already.
        refeedPending = recovered > 0;
      }
      loader = new ProfileLoader(connected, registry);
      // The last step that may fail: once the workers run, this attempt is never retried.
      started =
          TableWorkers.start(
              connected,
              table,
              log,
              new TableWorkers.Settings(
                  DecisionCommitter.Options.defaults()
                      .withCommitInterval(config.commitInterval())
                      .withMaxBatch(config.commitMaxRecords())
                      .withSchedulerSlice(config.committerSlice()),
                  config.hygieneInterval(),
                  config.dataDir().resolve(EXPIRED_FILES),
                  config.expiredFileGrace(),
                  new ReleaseCadence(
                      config.releaseInterval(),
                      config.releaseMaxDecisions(),
                      config.releaseTagMaxAge(),
                      config.releaseTagThinAfter()),
                  min(config.releaseInterval(), RELEASE_POLL)),
              new CatalogReleases(connection, assessments));
    } catch (RuntimeException | Error e) {
      failures++;
      Duration retry = RETRY.after(failures);
      String next = "attempt " + failures + " failed; next in " + retry.toSeconds() + " s";
      if (e instanceof Error) {
        // Said, and retried: escaping, it would end the link silently (the executor keeps it in a
        // future nobody reads), health still saying "not connected yet". Typically a heap too
        // small to take back the table's decisions, which the operator has to raise.
        lastError = e + " (" + next + ")";
        LOG.errorf(e, "Cannot link the catalog at %s (%s; %s)", config.catalogUri(), e, next);
      } else {
        lastError = e.getMessage() + " (" + next + ")";
        LOG.warnf(
            "Cannot reach the catalog at %s yet (%s; %s)",
            config.catalogUri(), e.getMessage(), next);
      }
      closeQuietly(connected);
      schedule(this::connect, retry, Duration.ZERO);
      return;
    }
    synchronized (this) {
      if (closed) {
        // close() ran meanwhile and found nothing to close.
        started.close();
        closeQuietly(connected);
        return;
      }
      workers.set(started);
      catalog = connected;
    }
    profiles = loader;
    lastError = null;
    LOG.infof("Committing decisions to %s", DecisionTable.product().table());
    refreshProfiles();
    if (refeedPending) {
      refeedPending = false;
      RESTCatalog feeding = connected;
      // After the first profiles load: claims are assessed meanwhile, the index fills behind.
      schedule(() -> refeedSearch(feeding), Duration.ZERO, Duration.ZERO);
    }
    schedule(this::refreshProfiles, config.profileRefresh(), config.profileRefresh());
  }

  /**
   * Runs {@code task} after {@code delay}, then every {@code period} if it is positive; nothing
   * once the link is closed.
   */
  private void schedule(Runnable task, Duration delay, Duration period) {
    try {
      if (period.isZero()) {
        scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      } else {
        scheduler.scheduleWithFixedDelay(
            task, delay.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
      }
    } catch (RejectedExecutionException closing) {
      LOG.debug("The catalog link is closing; not scheduled");
    }
  }

  /**
   * Loads the pinned release once, or the newest whenever it changes: beside the one in use, which
   * keeps serving until the new one is whole, then swapped in one step. The heap must hold both
   * releases while the new one loads; the old one is garbage once claims being assessed against it
   * are done.
   */
  void refreshProfiles() {
    ProfileLoader loader = profiles;
    if (loader == null) {
      return;
    }
    try {
      refreshProfiles(loader);
    } catch (OutOfMemoryError e) {
      // Thrown here, the half-built index is unreachable again; an error escaping a periodic task
      // would instead end the refreshes for good, silently.
      LOG.errorf(
          "Cannot hold a new profiles release beside release %s: the heap is too small for two"
              + " releases at once; the loaded release stays in use",
          assessments.profiles().release().orElse("none"));
    }
  }

  private void refreshProfiles(ProfileLoader loader) {
    try {
      Optional<String> current = assessments.profiles().release();
      if (config.profileRelease().isPresent()) {
        if (current.isEmpty()) {
          use(loader.load(config.profileRelease().get()));
        }
        return;
      }
      Optional<String> newest = loader.latestTag().map(ReleaseProfiles::version);
      if (newest.isPresent() && !newest.equals(current)) {
        use(loader.load(newest.get()));
      }
    } catch (ProfileReleaseNotFoundException e) {
      LOG.warnf("No profiles release to assess against yet: %s", e.getMessage());
    } catch (RuntimeException e) {
      LOG.warnf("Cannot load profiles now (%s); the loaded release stays in use", e.getMessage());
    }
  }

  /**
   * Feeds the search index the claims of the decisions taken back from the table, whose log records
   * are gone, from the claims product: the claims the claims domain has published by now.
   */
  private void refeedSearch(RESTCatalog connected) {
    try {
      long fed =
          ClaimsProduct.read(
              connected,
              claimId -> !index.contains(claimId) && assessments.decision(claimId).isPresent(),
              claim ->
                  assessments
                      .decision(claim.getClaimId())
                      .ifPresent(decision -> index.add(new AssessedClaim(claim, decision))));
      LOG.infof(
          "Fed the search index %d claims decided before the log's start from %s",
          fed, ClaimsProduct.PRODUCT_ID);
    } catch (RuntimeException e) {
      LOG.warnf(
          "Cannot feed the search index from %s (%s); claims decided before the log's start stay"
              + " unsearchable until the next start",
          ClaimsProduct.PRODUCT_ID, e.getMessage());
    }
  }

  private void use(ProfileSnapshot snapshot) {
    assessments.useProfiles(new ReleaseProfiles(snapshot));
    swaps.incrementAndGet();
    LOG.infof(
        "Assessing against profiles release %s (%d claimants, snapshot %d)",
        snapshot.release(), snapshot.size(), snapshot.snapshotId());
  }

  /**
   * Refuses a negative interval, or a zero one unless {@code zeroAllowed} (zero commits at once or
   * turns hygiene off).
   *
   * @throws IllegalArgumentException naming the key and the rule
   */
  static void checkInterval(String key, Duration value, boolean zeroAllowed) {
    if (value.isNegative() || (value.isZero() && !zeroAllowed)) {
      throw new IllegalArgumentException(
          "Invalid "
              + key
              + " "
              + value
              + ": must be "
              + (zeroAllowed ? "zero or positive" : "positive"));
    }
  }

  /** Profiles releases swapped in since start, the first one included. */
  long profileSwaps() {
    return swaps.get();
  }

  Optional<DecisionCommitter> committer() {
    return Optional.ofNullable(workers.get()).map(TableWorkers::committer);
  }

  /** The decisions table's hygiene, once the catalog is linked. */
  Optional<TableHygiene> hygiene() {
    return Optional.ofNullable(workers.get()).flatMap(TableWorkers::hygiene);
  }

  /** The files the decisions table's expiry freed, waiting for deletion. */
  Optional<PacedDeletes> deletes() {
    return Optional.ofNullable(workers.get()).flatMap(TableWorkers::deletes);
  }

  /** The data-only releases of the decisions product, once the catalog is linked. */
  Optional<DecisionReleaser> releaser() {
    return Optional.ofNullable(workers.get()).map(TableWorkers::releaser);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Why the catalog is not linked, if it is not. */
  Optional<String> problem() {
    return Optional.ofNullable(lastError);
  }

  @Override
  public void close() {
    TableWorkers running;
    RESTCatalog open;
    synchronized (this) {
      closed = true;
      running = workers.getAndSet(null);
      open = catalog;
      catalog = null;
    }
    scheduler.shutdownNow();
    if (running != null) {
      running.close();
    }
    closeQuietly(open);
  }

  private static void closeQuietly(RESTCatalog client) {
    if (client != null) {
      try {
        client.close();
      } catch (java.io.IOException e) {
        LOG.debug("Closing the catalog client failed", e);
      }
    }
  }
}
