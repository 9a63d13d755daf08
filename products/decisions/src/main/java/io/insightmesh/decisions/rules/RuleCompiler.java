package io.insightmesh.decisions.rules;

import static java.util.Objects.requireNonNull;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.Program;
import io.insightmesh.decisions.features.Feature;
import io.insightmesh.decisions.features.FeatureSchema;
import io.insightmesh.decisions.features.FeatureType;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles rules against the CEL environment of a {@link FeatureSchema}: every feature is a
 * declared, typed variable, the standard CEL functions and macros are available, and an expression
 * must be of type {@code bool}. Thread-safe; build one per schema and keep it (building the CEL
 * environment costs far more than compiling a rule).
 *
 * <p>Numbers of different types compare as numbers ({@code claim.amount_claimed > 7500} is fine,
 * though {@code claim.amount_claimed} is a double), because analysts should not have to write
 * {@code 7500.0}; comprehensions ({@code exists}, {@code all}) are capped at 1,000 iterations.
 */
public final class RuleCompiler {
  private static final CelOptions OPTIONS =
      CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .comprehensionMaxIterations(1_000)
          .build();

  private final FeatureSchema schema;
  private final CelCompiler compiler;

  /** The same environment without the bool result type: for all of a ruleset's rules at once. */
  private final CelCompiler combiner;

  private final CelRuntime runtime;

  /** Whether rulesets get {@link RuleClosures} where their rules allow. */
  private final boolean closures;

  /** A compiler for rules over the given schema's variables. */
  public RuleCompiler(FeatureSchema schema) {
    this(schema, true);
  }

  /**
   * A compiler whose rulesets evaluate with CEL's interpreter alone if {@code closures} is false:
   * for tests comparing the two.
   */
  RuleCompiler(FeatureSchema schema, boolean closures) {
    this.schema = requireNonNull(schema, "schema is null");
    this.closures = closures;
    CelCompilerBuilder builder =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setResultType(SimpleType.BOOL);
    for (Feature feature : schema.features()) {
      builder.addVar(feature.name(), celType(feature.type()));
    }
    this.compiler = builder.build();
    this.combiner = builder.setResultType(ListType.create(SimpleType.BOOL)).build();
    this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();
  }

  /** The compiler for {@link FeatureSchema#standard()}, shared. */
  public static RuleCompiler standard() {
    return Standard.INSTANCE;
  }

  /** The schema whose variables rules may read. */
  public FeatureSchema schema() {
    return schema;
  }

  /**
   * Compiles every rule of the ruleset.
   *
   * @throws RuleCompilationException for the first rule that does not compile, with the CEL
   *     compiler's message
   */
  public CompiledRuleset compile(Ruleset ruleset) {
    requireNonNull(ruleset, "ruleset is null");
    List<CompiledRuleset.CompiledRule> compiled = new ArrayList<>(ruleset.rules().size());
    List<RuleClosures.Closure> closed = new ArrayList<>(ruleset.rules().size());
    for (Rule rule : ruleset.rules()) {
      CelAbstractSyntaxTree checked = checked(rule);
      compiled.add(new CompiledRuleset.CompiledRule(rule, program(rule, checked)));
      if (closures) {
        RuleClosures.compile(checked, schema).ifPresent(closed::add);
      }
    }
    boolean everyRuleClosed = closures && closed.size() == compiled.size();
    return new CompiledRuleset(
        this, ruleset, compiled, everyRuleClosed ? closed : null, combined(ruleset.rules()));
  }

  /**
   * One program evaluating every rule into a list of bools, in rule order; null if it cannot be
   * built (the rules are then evaluated one by one). Evaluating a program has a fixed cost (CEL
   * sets up an execution frame per evaluation) that, per rule, was most of what a claim's rules
   * allocated. Each element evaluates exactly as its rule alone does; a claim on which any rule
   * fails or reads an unbound variable gets no list, and is then evaluated rule by rule, so a
   * failing rule is reported as before.
   */
  private Program combined(List<Rule> rules) {
    if (rules.isEmpty()) {
      return null;
    }
    StringBuilder expression = new StringBuilder("[");
    for (Rule rule : rules) {
      // Line breaks: a rule ending in a // comment must not swallow what follows it.
      expression.append("(\n").append(rule.expression()).append("\n),");
    }
    expression.setLength(expression.length() - 1);
    expression.append(']');
    CelValidationResult result = combiner.compile(expression.toString());
    if (result.hasError()) {
      return null;
    }
    try {
      return runtime.createProgram(result.getAst());
    } catch (CelValidationException | CelEvaluationException e) {
      return null;
    }
  }

  /**
   * Checks that one rule compiles, as an API would before accepting a change.
   *
   * @throws RuleCompilationException if it does not, with the CEL compiler's message
   */
  public void check(Rule rule) {
    requireNonNull(rule, "rule is null");
    program(rule, checked(rule));
  }

  private CelAbstractSyntaxTree checked(Rule rule) {
    CelValidationResult result = compiler.compile(rule.expression());
    if (result.hasError()) {
      throw new RuleCompilationException(rule.id(), result.getErrorString());
    }
    try {
      return result.getAst();
    } catch (CelValidationException e) {
      throw new AssertionError("A result without errors has its syntax tree", e);
    }
  }

  private Program program(Rule rule, CelAbstractSyntaxTree checked) {
    try {
      return runtime.createProgram(checked);
    } catch (CelEvaluationException e) {
      // The checker accepted it, so this is the runtime refusing to plan it: still the rule's
      // fault.
      RuleCompilationException refused = new RuleCompilationException(rule.id(), e.getMessage());
      refused.initCause(e);
      throw refused;
    }
  }

  private static CelType celType(FeatureType type) {
    switch (type) {
      case BOOL:
        return SimpleType.BOOL;
      case INT:
        return SimpleType.INT;
      case DOUBLE:
        return SimpleType.DOUBLE;
      case STRING:
        return SimpleType.STRING;
      case MAP_STRING_INT:
        return MapType.create(SimpleType.STRING, SimpleType.INT);
      default:
        throw new AssertionError(type);
    }
  }

  private static final class Standard {
    static final RuleCompiler INSTANCE = new RuleCompiler(FeatureSchema.standard());
  }
}
