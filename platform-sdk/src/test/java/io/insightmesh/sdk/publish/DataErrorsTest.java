package io.insightmesh.sdk.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.spark.SparkThrowable;
import org.junit.jupiter.api.Test;

class DataErrorsTest {
  /** As Spark raises it on a landing file's value, its parameters as Spark names them. */
  private static final class CastError extends RuntimeException implements SparkThrowable {
    CastError() {
      super(
          "[CAST_INVALID_INPUT] The value '12/05/1980' of the type \"STRING\" cannot be cast to"
              + " \"DATE\" because it is malformed.");
    }

    @Override
    public String getCondition() {
      return "CAST_INVALID_INPUT";
    }

    @Override
    public Map<String, String> getMessageParameters() {
      return Map.of(
          "expression", "'12/05/1980'", "sourceType", "\"STRING\"", "targetType", "\"DATE\"");
    }
  }

  @Test
  void aFailureOnAValueIsToldByItsConditionAndTypesNotTheValue() {
    // Spark's job failure quotes its task's error in its own message.
    RuntimeException jobFailed =
        new RuntimeException(
            "Job aborted due to stage failure: " + new CastError().getMessage(), new CastError());

    assertThat(DataErrors.describe(jobFailed))
        .isEqualTo(
            "[CAST_INVALID_INPUT] a value of type \"STRING\" cannot be cast to \"DATE\" (its"
                + " message is withheld: it quotes the value)")
        .doesNotContain("1980");
    assertThat(DataErrors.keptCause(jobFailed)).isNull();
  }

  @Test
  void otherFailuresKeepTheirMessageAndCause() {
    RuntimeException missing = new IllegalStateException("Path does not exist: /landing/day2");

    assertThat(DataErrors.describe(missing)).isEqualTo("Path does not exist: /landing/day2");
    assertThat(DataErrors.keptCause(missing)).isSameAs(missing);
  }
}
