package io.insightmesh.decisions.rules;

import static java.util.Objects.requireNonNull;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelVariableResolver;
import dev.cel.runtime.Program;
import io.insightmesh.contracts.risk.Outcome;
import io.insightmesh.decisions.features.FeatureSchema;
import io.insightmesh.decisions.features.FeatureVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A ruleset whose rules are compiled, once, into CEL programs, ready to assess claims. Immutable
 * and thread-safe: programs are shared by every evaluation.
 *
 * <p>The decision: any REJECT rule firing rejects; otherwise any FLAG rule firing, any rule failing
 * at run time, a missing profile, or a risk score at or above the ruleset's {@code flag_threshold}
 * flags; otherwise the claim is accepted. The risk score is {@code 1 - Π(1 - weight)} over the
 * rules that fired (so it stays in [0, 1] and each further signal raises it less), rounded to nine
 * decimal places; rules that fail add nothing to it.
 *
 * <p>Evaluation never throws for a rule: a rule that fails (division by zero, a missing map key, a
 * profile variable read without {@code has_profile}) yields a {@code RULE_ERROR} reason naming the
 * rule and the CEL error code, and the claim is FLAGged. The reason never carries CEL's message,
 * which can quote the data (a missing map key is named in it).
 */
public final class CompiledRuleset {
  private static final Reason PROFILE_MISSING =
      new Reason(
          Reason.PROFILE_MISSING_RULE,
          Reason.PROFILE_MISSING,
          "No claimant profile was available, so the profile rules could not be applied: the claim"
              + " needs a manual check.");

  /**
   * Risk scores are compared with the threshold, and reported, rounded to this many parts of 1.
   * Weights and thresholds are decimals, which binary floating point holds only approximately: 1 -
   * (1 - 0.2) comes out as 0.19999999999999996, and a weight equal to the threshold did not flag.
   * Nine places lie far above the error of the product (under 1e-13 even over 500 rules, about one
   * rounding each), so a score that is a threshold's decimal in exact arithmetic equals it here,
   * and far below any difference an analyst means between a weight and a threshold.
   */
  private static final double SCORE_SCALE = 1e9;

  private final RuleCompiler compiler;
  private final Ruleset ruleset;
  private final CompiledRule[] rules;

  /**
   * Every rule as a closure ({@link RuleClosures}), in rule order, for claims the closures can
   * answer; null unless every rule has one.
   */
  private final RuleClosures.Closure[] closures;

  /**
   * Every rule in one program, for claims on which no rule fails (and the closures, if any, left to
   * CEL); null if there is none.
   */
  private final Program combined;

  CompiledRuleset(
      RuleCompiler compiler,
      Ruleset ruleset,
      List<CompiledRule> rules,
      List<RuleClosures.Closure> closures,
      Program combined) {
    this.compiler = compiler;
    this.ruleset = ruleset;
    this.rules = rules.toArray(new CompiledRule[0]);
    this.closures = closures == null ? null : closures.toArray(new RuleClosures.Closure[0]);
    this.combined = combined;
  }

  /**
   * Compiles a ruleset against the standard schema ({@link FeatureSchema#standard()}).
   *
   * @throws RuleCompilationException for the first rule that does not compile
   */
  public static CompiledRuleset compile(Ruleset ruleset) {
    return RuleCompiler.standard().compile(ruleset);
  }

  /** The ruleset compiled. */
  public Ruleset ruleset() {
    return ruleset;
  }

  /** The ruleset's version. */
  public RulesetVersion version() {
    return ruleset.version();
  }

  /** The schema the rules were compiled against; feature vectors must be built for it. */
  public FeatureSchema schema() {
    return compiler.schema();
  }

  /**
   * Compiles a ruleset to replace this one, as a rules API does before installing it.
   *
   * @throws StaleRulesetVersionException if its version is not greater than this one's
   * @throws RuleCompilationException for the first of its rules that does not compile
   */
  public CompiledRuleset successor(Ruleset proposed) {
    requireNonNull(proposed, "proposed is null");
    if (!proposed.version().isAfter(version())) {
      throw new StaleRulesetVersionException(proposed.version(), version());
    }
    return compiler.compile(proposed);
  }

  /**
   * Assesses one claim's features. Never throws for a rule's failure (see the class comment).
   *
   * @throws IllegalArgumentException if the vector was built for another schema
   */
  public Assessment evaluate(FeatureVector features) {
    requireNonNull(features, "features is null");
    if (!features.schema().equals(compiler.schema())) {
      throw new IllegalArgumentException(
          "Features built for " + features.schema() + ", rules compiled for " + compiler.schema());
    }
    CelVariableResolver resolver = name -> Optional.ofNullable(features.value(name));
    List<Reason> reasons = new ArrayList<>(4);
    boolean reject = false;
    boolean flag = false;
    double clean = 1.0;
    if (!features.hasProfile()) {
      flag = true;
      reasons.add(PROFILE_MISSING);
    }
    Object[] all = closures != null ? evaluateClosures(features) : null;
    if (all == null) {
      all = evaluateAll(resolver);
    }
    for (int index = 0; index < rules.length; index++) {
      CompiledRule compiled = rules[index];
      Rule rule = compiled.rule;
      Object result;
      try {
        result = all != null ? all[index] : compiled.program.eval(resolver);
      } catch (CelEvaluationException e) {
        flag = true;
        reasons.add(ruleError(rule, e.getErrorCode().name()));
        continue;
      } catch (RuntimeException e) {
        // A bug in a CEL function must not fail the request either.
        flag = true;
        reasons.add(ruleError(rule, "INTERNAL"));
        continue;
      }
      if (!(result instanceof Boolean)) {
        // The checker guarantees bool, so anything else is CEL's "unknown": an unbound variable.
        flag = true;
        reasons.add(ruleError(rule, "UNBOUND_VARIABLE"));
        continue;
      }
      if ((Boolean) result) {
        reasons.add(compiled.reason);
        clean *= 1.0 - rule.weight();
        if (rule.action() == RuleAction.REJECT) {
          reject = true;
        } else if (rule.action() == RuleAction.FLAG) {
          flag = true;
        }
      }
    }
    double score =
        Math.min(1.0, Math.max(0.0, Math.round((1.0 - clean) * SCORE_SCALE) / SCORE_SCALE));
    Outcome decision =
        reject
            ? Outcome.REJECT
            : flag || score >= ruleset.flagThreshold() ? Outcome.FLAG : Outcome.ACCEPT;
    return new Assessment(decision, score, reasons, ruleset.version());
  }

  /**
   * Every rule's result from its closure, or null if one of them leaves the claim to CEL's programs
   * (which then evaluate it, reporting any rule's error).
   */
  private Object[] evaluateClosures(FeatureVector features) {
    Object[] results = new Object[closures.length];
    try {
      for (int index = 0; index < closures.length; index++) {
        results[index] = closures[index].eval(features);
      }
    } catch (RuntimeException leftToCel) {
      // Fallback, or a value of a type a closure did not expect: CEL, which checks types as it
      // goes, decides and reports any rule's error, so this never fails the request either.
      return null;
    }
    return results;
  }

  /** Whether this ruleset's rules are evaluated by closures, for tests. */
  boolean closed() {
    return closures != null;
  }

  /**
   * Every rule's result from the combined program, or null if the rules must be evaluated one by
   * one: there is no combined program, or a rule failed or read an unbound variable on this claim.
   */
  private Object[] evaluateAll(CelVariableResolver resolver) {
    if (combined == null) {
      return null;
    }
    Object result;
    try {
      result = combined.eval(resolver);
    } catch (CelEvaluationException | RuntimeException e) {
      return null;
    }
    if (!(result instanceof List<?> list) || list.size() != rules.length) {
      return null;
    }
    Object[] results = list.toArray();
    for (Object element : results) {
      if (!(element instanceof Boolean)) {
        return null;
      }
    }
    return results;
  }

  private static Reason ruleError(Rule rule, String errorCode) {
    return new Reason(
        rule.id(),
        Reason.RULE_ERROR,
        "Rule "
            + rule.id()
            + " could not be evaluated on this claim ("
            + errorCode
            + "): the claim needs a manual check.");
  }

  @Override
  public String toString() {
    return "CompiledRuleset{version=" + version() + ", rules=" + rules.length + "}";
  }

  /** A rule with its program and its reason, built once. */
  static final class CompiledRule {
    final Rule rule;
    final Program program;
    final Reason reason;

    CompiledRule(Rule rule, Program program) {
      this.rule = rule;
      this.program = program;
      this.reason = new Reason(rule.id(), rule.code(), rule.text());
    }
  }
}
