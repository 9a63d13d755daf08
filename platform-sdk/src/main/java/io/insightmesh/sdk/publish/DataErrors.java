package io.insightmesh.sdk.publish;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.spark.SparkThrowable;

/**
 * Failures made fit for the messages, logs and lineage events a publish writes. Spark's errors on a
 * value quote it: {@code [CAST_INVALID_INPUT] The value '12/05/1980' of the type "STRING" cannot be
 * cast to "DATE"}, and in a product's landing files that value is a date of birth, a NINO or a
 * name. Such a failure is told by its condition and types; any other keeps its message.
 */
final class DataErrors {
  /** The message parameters in which Spark's errors carry the value they failed on. */
  private static final Set<String> VALUE_PARAMETERS = Set.of("expression", "value");

  private DataErrors() {}

  /** What to say of {@code failure}. */
  static String describe(Throwable failure) {
    SparkThrowable onValue = onValue(failure);
    if (onValue == null) {
      return failure.getMessage();
    }
    Map<String, String> parameters = onValue.getMessageParameters();
    StringBuilder text = new StringBuilder("[").append(onValue.getCondition()).append("] ");
    String from = parameters.get("sourceType");
    String to = parameters.get("targetType");
    if (from != null && to != null) {
      text.append("a value of type ").append(from).append(" cannot be cast to ").append(to);
    } else {
      text.append("Spark failed on a value");
    }
    return text.append(" (its message is withheld: it quotes the value)").toString();
  }

  /** The cause to keep with a publish's failure: none when its messages quote the data. */
  static Throwable keptCause(Throwable failure) {
    return onValue(failure) == null ? failure : null;
  }

  /** The first error in {@code failure}'s causes that Spark raised on a value, or null. */
  private static SparkThrowable onValue(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
      if (cause instanceof SparkThrowable spark
          && spark.getCondition() != null
          && spark.getMessageParameters().keySet().stream().anyMatch(VALUE_PARAMETERS::contains)) {
        return spark;
      }
    }
    return null;
  }
}
