package io.insightmesh.decisions.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Settings of the scoring engine, under {@code mesh.engine}. */
@ConfigMapping(prefix = "mesh.engine")
public interface EngineConfig {
  /** The platform's data directory; the engine keeps its decision log in {@code decisions/log}. */
  Path dataDir();

  /** The catalog service: Iceberg REST catalog, token issuer and registry. */
  @WithDefault("http://localhost:8181")
  URI catalogUri();

  /**
   * Whether to read profiles from and commit decisions to the catalog. Off only for tests of the
   * HTTP layer: decisions are then durable in the log alone.
   */
  @WithDefault("true")
  boolean catalogEnabled();

  /** The service principal the engine uses towards the catalog. */
  @WithDefault("scoring-engine")
  String principal();

  /**
   * Its secret; by default the one the embedded catalog seeded under {@code
   * <data-dir>/catalog/credentials/<principal>}.
   */
  Optional<String> secret();

  /** The profiles release to assess against, e.g. {@code 1.0.0}; by default the latest. */
  Optional<String> profileRelease();

  /** How often the engine looks for a newer profiles release (unless one is pinned). */
  @WithDefault("PT30S")
  Duration profileRefresh();

  /** How often accumulated decisions are committed to {@code risk.decisions_v1}. */
  @WithDefault("PT1S")
  Duration commitInterval();

  /**
   * How often the engine cuts a data-only release {@code v<contract>+<run>} of {@code
   * risk.decisions} (tag, quality results, registry record, lineage) when decisions were committed
   * since the last one; and once more on a clean shutdown.
   */
  @WithDefault("PT1M")
  Duration releaseInterval();

  /** The most committed decisions before a release is cut, however soon after the last one. */
  @WithDefault("100000")
  long releaseMaxDecisions();

  /**
   * How long the first data-only release tag of each {@link #releaseTagThinAfter()} period keeps
   * its snapshot once a newer release exists: the Iceberg {@code max-ref-age} of those tags,
   * applied by snapshot expiry. The registry keeps the release; the contract's full releases {@code
   * vX.Y.Z} are never expired.
   */
  @WithDefault("P3D")
  Duration releaseTagMaxAge();

  /**
   * How long every data-only release's tag keeps its snapshot once a newer release exists; after
   * that only the first tag of each such period (clock hours for an hour) is kept, for {@link
   * #releaseTagMaxAge()}.
   */
  @WithDefault("PT1H")
  Duration releaseTagThinAfter();

  /**
   * How long the files that snapshot expiry frees wait before they are deleted (a few megabytes at
   * a time): a query that planned on a snapshot as it expired still reads them meanwhile.
   */
  @WithDefault("PT15M")
  Duration expiredFileGrace();

  /**
   * How often table hygiene compacts {@code risk.decisions_v1}'s small files, on a thread of its
   * own beside the committer; it expires old snapshots every minute between (or every interval, if
   * shorter). Zero turns both off (when the platform's own table maintenance does them instead).
   */
  @WithDefault("PT10M")
  Duration hygieneInterval();

  /** The most decisions in one commit. */
  @WithDefault("50000")
  int commitMaxRecords();

  /**
   * Size of one decision log segment. Committed segments are deleted whole, so smaller segments
   * free disk sooner; restarts then take back committed decisions from the table instead.
   */
  @WithDefault("67108864")
  long logSegmentBytes();

  /**
   * How long a committed decision log segment is kept after its last write. A restart rebuilds the
   * velocity counters from the claims still in the log, so by default the log keeps the longest
   * velocity window's worth (60 minutes) plus {@link #maxSubmittedAhead()} and a minute: retired as
   * soon as committed, a restart forgot all but the newest segment's claims and a burst of claims
   * spanning it went uncounted. Zero retires segments as soon as they are committed (less disk;
   * velocity after a restart then counts only what the log still holds).
   */
  Optional<Duration> logRetention();

  /**
   * How long the decision log's writer may hold a group commit open after its first decision
   * arrived, so that one fsync serves several requests arriving one by one. It holds one open only
   * while decisions arrive less than this apart on average (at a low rate no company would come),
   * and never once {@link #logCoalesceRecords()} decisions wait. Each request's answer may wait
   * this much more; zero turns it off. 1 ms since the answering threads run on a real-time policy
   * (ADR 0021): with no scheduler waits left in front of it, the hold was most of an answer's time
   * at 6,300 claims/s (p50 1.69 ms at 2 ms, 1.06 ms at 1 ms).
   */
  @WithDefault("PT0.001S")
  Duration logCoalesceDelay();

  /** The waiting decisions at which the log's writer stops holding a group commit open. */
  @WithDefault("32")
  int logCoalesceRecords();

  /**
   * The scheduler time slice the HTTP event loops ask Linux for (ADR 0015). Shorter than the
   * kernel's default (1.4 ms on two cores), so a claim that arrives while the committer, a JIT
   * compiler or the catalog has the core gets it at once instead of after their slice; their share
   * of the core does not change. From 0.1 ms (the shortest Linux grants) to 100 ms; zero leaves the
   * kernel's default. Needs Linux 6.12 or later; elsewhere the engine logs that it was not granted
   * and runs as before.
   */
  @WithDefault("PT0.0001S")
  Duration eventLoopSlice();

  /**
   * The scheduler time slice the decision committer asks Linux for (ADR 0015's second amendment),
   * inherited by the manifest writers it starts. Longer than the kernel's default, so that the
   * log's writer and the event loops, woken while the committer encodes a batch, get the core at
   * once instead of after its slice (Linux 6.12 lets a waking thread of shorter slice preempt); its
   * share of the core does not change. From 0.1 to 100 ms; zero leaves the kernel's default.
   */
  @WithDefault("PT0.02S")
  Duration committerSlice();

  /**
   * The share of the engine's cores the answering threads (the HTTP event loops and the decision
   * log's writer) may use on Linux's real-time policy, {@code SCHED_FIFO}, measured over a second;
   * a load that saturates them (85 % of the cores over 100 ms) counts as over it (ADR 0021). On it
   * a claim gets the core as it arrives, ahead of the committer, the JIT compilers and the catalog;
   * above the share the threads go back to their ordinary policy, so that a saturated engine does
   * not starve its own committer, and return once they used under four fifths of it for a second.
   * Needs {@code CAP_SYS_NICE} or an {@code RLIMIT_RTPRIO} of 2; without it the engine logs so and
   * runs as before. From 0 (never) to below 1.
   */
  @WithDefault("0.5")
  double realtimeAnswersShare();

  /**
   * How much later than the engine's clock a claim's {@code submitted_at} may be (the intake's and
   * the engine's clocks differ a little); a claim further ahead is refused as invalid, since the
   * velocity features count by submission time and one such claim would make them forget every
   * claim before it.
   */
  @WithDefault("PT5M")
  Duration maxSubmittedAhead();

  /** The most claims in one batch request. */
  @WithDefault("1000")
  int maxBatch();
}
