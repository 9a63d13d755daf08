package io.insightmesh.sdk.publish;

import static org.apache.spark.sql.functions.udf;

import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * A contract's regex rule as a Spark predicate. Rules are checked on every row of a pipeline's
 * input and again, by the audit, on every row published: with Spark's {@code rlike} each check
 * builds a {@code java.util.regex} matcher and backtracks through it: the claims audit's seven
 * pattern rules, observed while the rows pass into the staging write, cost about two CPU seconds
 * per million claims, as much again as the pipeline's own checks of the same rules. A position
 * automaton decides the same patterns in a few operations per character.
 */
public final class ContractPatterns {
  private ContractPatterns() {}

  /**
   * True where {@code text} matches {@code pattern} in full, false where it does not, null where it
   * is null: what {@code text.rlike(}{@link #wholeText}{@code (pattern))} answers, and that is what
   * runs when the pattern uses more than literals, classes, groups, alternation and greedy
   * quantifiers.
   */
  public static Column fullMatch(Column text, String pattern) {
    Optional<PositionAutomaton> automaton = PositionAutomaton.compile(pattern);
    if (automaton.isEmpty()) {
      return text.rlike(wholeText(pattern));
    }
    PositionAutomaton compiled = automaton.get();
    return udf((UDF1<String, Boolean>) compiled::matches, DataTypes.BooleanType)
        .withName("contract_pattern")
        .apply(text);
  }

  /**
   * {@code pattern} as a regex that {@code rlike}'s search accepts only on the whole text: {@code
   * \z}, not {@code $}, which would also take a text with one line terminator after the match, and
   * the scoring engine refuses {@code AB123456C\n} as a NINO.
   */
  static String wholeText(String pattern) {
    return "^(?:" + pattern + ")\\z";
  }
}
