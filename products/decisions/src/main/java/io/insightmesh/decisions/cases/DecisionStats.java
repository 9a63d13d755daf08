package io.insightmesh.decisions.cases;

import static io.insightmesh.decisions.rules.Reason.RULE_ERROR;
import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.contracts.risk.Outcome;
import io.insightmesh.contracts.risk.Reason;
import io.insightmesh.decisions.assess.DecisionListener;
import io.insightmesh.decisions.record.AssessedClaim;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Counts of durable decisions by decision and of the rules that fired, fed by the engine with every
 * durable decision: new ones, those taken back from the log and those taken back from the decisions
 * table only. Thread-safe and cheap on the decision path (striped counters).
 */
public final class DecisionStats implements DecisionListener {
  private final Map<Outcome, LongAdder> decisions = new EnumMap<>(Outcome.class);
  private final Map<String, LongAdder> fired = new ConcurrentHashMap<>();
  private volatile Consumer<String> firstFirings = rule -> {};

  /** No decisions yet. */
  public DecisionStats() {
    for (Outcome outcome : Outcome.values()) {
      decisions.put(outcome, new LongAdder());
    }
  }

  @Override
  public void decided(AssessedClaim record) {
    count(record.decision());
  }

  @Override
  public void recoveredWithoutClaim(Decision decision) {
    count(decision);
  }

  /** Counts one decision. */
  public void count(Decision decision) {
    decisions.get(decision.getDecision()).increment();
    // A rule fires at most once per claim; the set guards against a ruleset that lists it twice.
    Set<String> rules = new HashSet<>();
    for (Reason reason : decision.getReasons()) {
      if (fired(reason) && rules.add(reason.getRuleId())) {
        counter(reason.getRuleId()).increment();
      }
    }
  }

  private LongAdder counter(String rule) {
    LongAdder counter = fired.get(rule);
    if (counter == null) {
      LongAdder first = new LongAdder();
      counter = fired.putIfAbsent(rule, first);
      if (counter == null) {
        counter = first;
        firstFirings.accept(rule);
      }
    }
    return counter;
  }

  /**
   * Tells {@code listener} every rule that fired so far and, from now on, each rule the first time
   * it fires, so that what is kept per rule (a metric) exists before anyone asks for statistics. A
   * rule may be told twice if it first fires while this is called. The listener runs on the
   * decision path, once per rule: it must be quick and must not throw.
   */
  public void onFirstFiring(Consumer<String> listener) {
    requireNonNull(listener, "listener is null");
    // Set before reading the rules already counted: a rule counted in between is told twice
    // rather than never.
    firstFirings = listener;
    fired.keySet().forEach(listener);
  }

  /**
   * Whether {@code reason} says its rule fired: every reason does but a rule's failure on the claim
   * ({@code RULE_ERROR}), which carries the rule's id though the rule never decided anything, so
   * counting it would put claims the rule never fired on into its precision.
   */
  static boolean fired(Reason reason) {
    return !RULE_ERROR.equals(reason.getCode());
  }

  /** Decisions counted with {@code outcome}. */
  public long decisions(Outcome outcome) {
    return decisions.get(outcome).sum();
  }

  /** Times each rule fired, by rule id; a rule's failures on claims are not firings. */
  public Map<String, Long> fired() {
    Map<String, Long> counts = new TreeMap<>();
    fired.forEach((rule, count) -> counts.put(rule, count.sum()));
    return counts;
  }
}
