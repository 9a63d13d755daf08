package io.insightmesh.decisions.service;

import io.insightmesh.decisions.admin.BlockListStore;
import io.insightmesh.decisions.admin.RulesetStore;
import io.insightmesh.decisions.assess.AssessmentService;
import io.insightmesh.decisions.assess.ClaimsHeldException;
import io.insightmesh.decisions.cases.DecisionStats;
import io.insightmesh.decisions.features.VelocityCounters;
import io.insightmesh.decisions.features.VelocitySettings;
import io.insightmesh.decisions.log.DecisionLog;
import io.insightmesh.decisions.log.LogReader;
import io.insightmesh.decisions.log.LogRecord;
import io.insightmesh.decisions.record.AssessedClaimCodec;
import io.insightmesh.decisions.rules.CompiledRuleset;
import io.insightmesh.decisions.rules.RuleEngine;
import io.insightmesh.decisions.rules.Ruleset;
import io.insightmesh.decisions.rules.RulesetLoader;
import io.insightmesh.decisions.sched.BackgroundPriority;
import io.insightmesh.decisions.sched.ReadAhead;
import io.insightmesh.decisions.sched.RealtimeAnswers;
import io.insightmesh.decisions.sched.SchedulerSlice;
import io.insightmesh.decisions.search.ClaimIndex;
import io.insightmesh.decisions.table.Periodic;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The running engine: its decision log, rules and assessment service, opened at start and closed at
 * shutdown. Decisions already in the log are taken back before the first request is served, so a
 * restarted engine answers resubmissions with the decisions it made before.
 */
@ApplicationScoped
@Startup
public class Engine {
  private static final Logger LOG = Logger.getLogger(Engine.class);

  /**
   * A claim and its decision: every claim string is at most 256 characters and a ruleset has a few
   * dozen rules, so a record stays far below this.
   */
  private static final int MAX_RECORD_BYTES = 32 << 10;

  private final RulesetStore rulesets;
  private final BlockListStore blockLists;
  private final DecisionLog log;
  private final AssessmentService assessments;
  private final CatalogLink link;
  private final Optional<Duration> eventLoopSlice;

  /** Raises the answering threads to a real-time policy while they stay under their share. */
  private final RealtimeAnswers answers;

  /** Commits what is durable when the process is asked to stop: see {@link StopSignals}. */
  private final Runnable flushOnStop;

  /**
   * How often the search index takes in the decisions queued since: a case worker's search indexes
   * what is queued before it reads anyway, so this only bounds the work a search may find waiting.
   */
  private static final Duration INDEX_EVERY = Duration.ofMillis(10);

  private final ClaimIndex index = new ClaimIndex();

  /** Indexes decided claims behind the answers: see {@link ClaimIndex}. */
  private final Periodic indexing = new Periodic("search-indexer", BackgroundPriority.KEEP_UP);

  private final DecisionStats stats = new DecisionStats();

  public Engine(EngineConfig config) {
    this.eventLoopSlice = eventLoopSlice(config.eventLoopSlice());
    // Checked here, before anything opens, though the committer asks for it only once connected.
    if (!config.committerSlice().isZero()) {
      SchedulerSlice.checked("mesh.engine.committer-slice", config.committerSlice());
    }
    // Checked here, before anything opens, to name the key.
    RealtimeAnswers.checked("mesh.engine.realtime-answers-share", config.realtimeAnswersShare());
    Duration logRetention = logRetention(config);
    Path state = config.dataDir().resolve("decisions");
    this.answers = RealtimeAnswers.start(config.realtimeAnswersShare());
    this.rulesets = RulesetStore.open(state.resolve("rules"));
    this.blockLists = BlockListStore.open(state.resolve("blocklists"));
    this.log =
        DecisionLog.open(
            state.resolve("log"),
            new DecisionLog.Options(
                    config.logSegmentBytes(),
                    MAX_RECORD_BYTES,
                    DecisionLog.Options.DEFAULT_QUEUE_CAPACITY_BYTES)
                .withCoalescing(config.logCoalesceDelay(), config.logCoalesceRecords())
                .withWriterStart(this::enrollForRealtimeAnswers)
                .withRetention(logRetention));
    if (!config.catalogEnabled() && log.firstSequence() > 1) {
      long first = log.firstSequence();
      try {
        log.close();
      } finally {
        blockLists.close();
        answers.close();
      }
      throw new IllegalStateException(
          "Cannot start with mesh.engine.catalog-enabled=false: the decision log in "
              + state.resolve("log")
              + " starts at sequence "
              + first
              + "; the decisions before it were committed to risk.decisions_v1 and are only there,"
              + " so without the catalog a claim decided then would be decided again. Start with"
              + " the catalog enabled, or with another mesh.engine.data-dir");
    }
    Ruleset shipped = RulesetLoader.shipped();
    rulesets.keep(shipped, "Ruleset " + shipped.version() + ", shipped with the engine.");
    RuleEngine rules =
        new RuleEngine(
            CompiledRuleset.compile(rulesets.inForce(shipped)),
            new VelocityCounters(VelocitySettings.standard()),
            blockLists.lists());
    this.assessments =
        new AssessmentService(rules, log, Clock.systemUTC(), config.maxSubmittedAhead());
    // Before recovery, so the views see the decisions taken back from the log too.
    assessments.listen(index);
    assessments.listen(stats);
    long recovered = recover();
    // After recovery, which indexes as it goes once more than a batch waits.
    indexing.start("search indexing", index::indexTold, INDEX_EVERY, INDEX_EVERY);
    if (config.catalogEnabled()) {
      // Truncated, the log no longer holds the first decisions: the table does, and no claim is
      // taken until the link has read them back. A log that starts at 1 takes claims at once,
      // catalog or not: a replaced log (a new volume) is found when the link compares, and the
      // claims it took before that stay in it (ADR 0002).
      if (log.firstSequence() > 1) {
        assessments.hold(ClaimsHeldException.recovering());
      }
      link = new CatalogLink(config, log, assessments, index);
      link.start();
      flushOnStop = link::close;
      StopSignals.onStop(flushOnStop);
    } else {
      link = null;
      flushOnStop = null;
    }
    LOG.infof(
        "Scoring engine ready: ruleset %s, %d decisions recovered from the log",
        rules.ruleset().version(), recovered);
  }

  /**
   * How long committed log segments stay: by default what the velocity counters rebuilt at a
   * restart need, the longest window behind the latest claim, which may be stamped up to {@code
   * max-submitted-ahead} later than the engine's clock, and a minute for the window's partial
   * minute.
   *
   * @throws IllegalArgumentException naming the key if a negative retention is configured
   */
  static Duration logRetention(EngineConfig config) {
    Duration retention =
        config
            .logRetention()
            .orElseGet(
                () ->
                    Duration.ofMinutes(VelocitySettings.standard().horizonMinutes() + 1L)
                        .plus(config.maxSubmittedAhead()));
    if (retention.isNegative()) {
      throw new IllegalArgumentException(
          "Invalid mesh.engine.log-retention " + retention + ": must not be negative");
    }
    return retention;
  }

  /**
   * Takes back every decision the log holds, in the log's order: one thread reads, decodes and
   * encodes ahead while this one keeps them, counts their claims and indexes them.
   */
  private long recover() {
    AssessedClaimCodec codec = new AssessedClaimCodec();
    long first = log.firstSequence();
    long expected = Math.max(0, log.durableSequence() - first + 1);
    try (LogReader reader = log.reader(first)) {
      return ReadAhead.<AssessmentService.LoggedDecision>run(
          "log-takeback",
          1,
          sink -> {
            for (Optional<LogRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
              LogRecord record = next.get();
              sink.put(assessments.logged(codec.decode(record.sequence(), record.payload())));
            }
          },
          assessments::recover,
          new TakeBackProgress("the decisions in the log", expected));
    }
  }

  /**
   * The configured slice, empty for zero (the kernel's default).
   *
   * @throws IllegalArgumentException naming the key and the rule if Linux would not grant it
   */
  static Optional<Duration> eventLoopSlice(Duration slice) {
    return slice.isZero()
        ? Optional.empty()
        : Optional.of(SchedulerSlice.checked("mesh.engine.event-loop-slice", slice));
  }

  /**
   * The scheduler time slice the HTTP event loops ask for ({@code mesh.engine.event-loop-slice});
   * empty to leave the kernel's default.
   */
  public Optional<Duration> eventLoopSlice() {
    return eventLoopSlice;
  }

  /** Run by the log's writer as it starts: the answers wait for its fsyncs. */
  private void enrollForRealtimeAnswers() {
    if (answers.governing()) {
      answers
          .enrollCurrentThread()
          .ifPresent(why -> LOG.warnf("The decision log's writer is not governed: %s", why));
    }
  }

  /** The governor of the answering threads' scheduling policy: see {@link RealtimeAnswers}. */
  public RealtimeAnswers realtimeAnswers() {
    return answers;
  }

  public AssessmentService assessments() {
    return assessments;
  }

  public DecisionLog log() {
    return log;
  }

  /** The case workers' search index over every durable decision of this run's log. */
  public ClaimIndex index() {
    return index;
  }

  /** Counts of decisions and of the rules that fired. */
  public DecisionStats decisionStats() {
    return stats;
  }

  /** The rulesets accepted through the rules API. */
  public RulesetStore rulesets() {
    return rulesets;
  }

  /** The durable block lists the rules read. */
  public BlockListStore blockLists() {
    return blockLists;
  }

  /** The catalog side, absent when the engine runs without a catalog. */
  Optional<CatalogLink> link() {
    return Optional.ofNullable(link);
  }

  @PreDestroy
  void close() {
    if (flushOnStop != null) {
      StopSignals.forget(flushOnStop);
    }
    if (link != null) {
      // Commits what is durable before the log closes.
      link.close();
    }
    log.close();
    indexing.stop(Duration.ofSeconds(5));
    blockLists.close();
    answers.close();
  }
}
