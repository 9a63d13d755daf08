package io.insightmesh.decisions.service;

import io.insightmesh.contracts.risk.Outcome;
import io.insightmesh.decisions.audit.AuditLog;
import io.insightmesh.decisions.audit.Fingerprinter;
import io.insightmesh.decisions.cases.CaseService;
import io.insightmesh.decisions.cases.CaseStatistics;
import io.insightmesh.decisions.cases.CaseStats;
import io.insightmesh.decisions.cases.OutcomeStore;
import io.insightmesh.decisions.cases.RuleStats;
import io.insightmesh.decisions.rules.Reason;
import io.insightmesh.decisions.rules.Rule;
import io.insightmesh.decisions.rules.RuleEngine;
import io.insightmesh.decisions.search.SearchService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The case workers' side of the engine: the audit log ({@code <data-dir>/decisions/audit/}), the
 * case outcomes ({@code <data-dir>/decisions/outcomes/}), search over the engine's claim index, and
 * the outcome statistics with their gauges. One audit log per engine: other APIs that audit use
 * {@link #audit()}.
 */
@ApplicationScoped
@Startup
public class CaseWork {
  /** Gauges read statistics at most this often; a scrape of many rules computes them once. */
  private static final long STATS_TTL_NANOS = 1_000_000_000L;

  private final AuditLog audit;
  private final OutcomeStore outcomes;
  private final SearchService search;
  private final CaseService cases;
  private final CaseStatistics statistics;
  private final MeterRegistry registry;
  private final Set<String> gaugedRules = ConcurrentHashMap.newKeySet();
  private volatile CaseStats cached;
  private volatile long cachedAt;

  /** Where the audit's fingerprint salt is kept, under the engine's state: not beside the log. */
  static final String AUDIT_KEY = "audit-key";

  public CaseWork(Engine engine, EngineConfig config, MeterRegistry registry) {
    Path decisions = config.dataDir().resolve("decisions");
    Clock clock = Clock.systemUTC();
    this.registry = registry;
    this.audit = AuditLog.open(decisions.resolve("audit"));
    this.outcomes = OutcomeStore.open(decisions.resolve("outcomes"));
    this.search =
        new SearchService(
            engine.index(),
            audit,
            Fingerprinter.open(decisions.resolve(AUDIT_KEY), decisions.resolve("audit")),
            outcomes::find,
            clock);
    this.cases = new CaseService(outcomes, audit, engine.assessments()::decision, clock);
    this.statistics =
        new CaseStatistics(engine.decisionStats(), outcomes, engine.assessments()::decision);
    for (Outcome decision : Outcome.values()) {
      Gauge.builder(
              "mesh.engine.decisions.rate",
              this,
              work -> work.cachedStats().rate(decision).orElse(Double.NaN))
          .tag("decision", decision.name())
          .description("Share of durable decisions with this decision")
          .register(registry);
    }
    // Every rule gets its gauge as soon as it exists, not at the first request for statistics (a
    // scrape, which reads gauges, must not register them): the engine's own reason, the rules in
    // force now and each rule a change puts in force, and any other rule the first time a
    // decision counts it (one taken back from the decisions table may name a rule removed since).
    gaugeRule(Reason.PROFILE_MISSING_RULE);
    RuleEngine rules = engine.assessments().rules();
    rules.onInstall(ruleset -> ruleset.ruleset().rules().forEach(rule -> gaugeRule(rule.id())));
    for (Rule rule : rules.ruleset().ruleset().rules()) {
      gaugeRule(rule.id());
    }
    engine.decisionStats().onFirstFiring(this::gaugeRule);
  }

  public AuditLog audit() {
    return audit;
  }

  public SearchService search() {
    return search;
  }

  public CaseService cases() {
    return cases;
  }

  /** The statistics now; rules seen for the first time get their precision gauge. */
  public CaseStats stats() {
    CaseStats stats = refresh();
    for (RuleStats rule : stats.rules()) {
      gaugeRule(rule.ruleId());
    }
    return stats;
  }

  /** For gauges: never registers meters, as it runs inside a scrape. */
  private CaseStats cachedStats() {
    CaseStats stats = cached;
    if (stats == null || System.nanoTime() - cachedAt > STATS_TTL_NANOS) {
      stats = refresh();
    }
    return stats;
  }

  private CaseStats refresh() {
    CaseStats stats = statistics.compute();
    cached = stats;
    cachedAt = System.nanoTime();
    return stats;
  }

  private void gaugeRule(String ruleId) {
    if (gaugedRules.add(ruleId)) {
      Gauge.builder(
              "mesh.engine.rule.precision",
              this,
              work ->
                  work.cachedStats().rules().stream()
                      .filter(rule -> rule.ruleId().equals(ruleId))
                      .findFirst()
                      .flatMap(rule -> boxed(rule.precision()))
                      .orElse(Double.NaN))
          .tag("rule", ruleId)
          .description("Confirmed fraud among the case outcomes of claims this rule fired on")
          .register(registry);
    }
  }

  private static Optional<Double> boxed(OptionalDouble value) {
    return value.isPresent() ? Optional.of(value.getAsDouble()) : Optional.empty();
  }

  @PreDestroy
  void close() {
    outcomes.close();
    audit.close();
  }
}
