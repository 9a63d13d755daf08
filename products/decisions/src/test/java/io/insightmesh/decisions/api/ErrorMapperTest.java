package io.insightmesh.decisions.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.decisions.assess.ClaimsHeldException;
import io.insightmesh.decisions.log.DecisionLogClosedException;
import io.insightmesh.decisions.log.DecisionLogFailedException;
import io.insightmesh.decisions.log.DecisionLogFullException;
import io.insightmesh.decisions.testing.CapturedLog;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The error table both the assessment route and the RESTEasy resources answer from: the statuses,
 * codes and retry hints a client acts on when the engine cannot take a claim right now.
 */
class ErrorMapperTest {
  @Test
  void aRecoveringEngineAsksForARetryInASecond() {
    ErrorMapper.Refusal refusal = ErrorMapper.refusal(ClaimsHeldException.recovering());

    assertThat(refusal.status()).isEqualTo(503);
    assertThat(refusal.retryAfterOneSecond()).isTrue();
    assertThat(code(refusal)).isEqualTo("recovering");
  }

  @Test
  void anEngineOnTheWrongLogRefusesWithoutAskingForAQuickRetry() {
    ErrorMapper.Refusal refusal = ErrorMapper.refusal(ClaimsHeldException.logMismatch());

    assertThat(refusal.status()).isEqualTo(503);
    assertThat(refusal.retryAfterOneSecond()).isFalse();
    assertThat(code(refusal)).isEqualTo("log-mismatch");
  }

  @Test
  void theLogsFailuresReachingADecisionsFutureKeepTheirOwnAnswers() {
    ErrorMapper.Refusal full =
        ErrorMapper.refusal(new CompletionException(new DecisionLogFullException("full")));
    ErrorMapper.Refusal failed =
        ErrorMapper.refusal(
            new CompletionException(
                new DecisionLogFailedException("cannot write", new IOException("disk"))));
    ErrorMapper.Refusal closed =
        ErrorMapper.refusal(new CompletionException(new DecisionLogClosedException("closed")));

    assertThat(full.status()).isEqualTo(503);
    assertThat(full.retryAfterOneSecond()).isTrue();
    assertThat(code(full)).isEqualTo("overloaded");
    assertThat(failed.status()).isEqualTo(503);
    assertThat(failed.retryAfterOneSecond()).isFalse();
    assertThat(code(failed)).isEqualTo("log-unavailable");
    assertThat(closed.status()).isEqualTo(503);
    assertThat(code(closed)).isEqualTo("shutting-down");
  }

  @Test
  void anythingElseIsAnInternalErrorThatNamesNoDetail() {
    ErrorMapper.Refusal refusal;
    CapturedLog logged = CapturedLog.of(ErrorMapper.class);
    try (logged) {
      refusal =
          ErrorMapper.refusal(new CompletionException(new IllegalStateException("nino AB123456C")));
    }

    assertThat(refusal.status()).isEqualTo(500);
    assertThat(code(refusal)).isEqualTo("internal");
    assertThat(refusal.body().toString()).doesNotContain("AB123456C");
    // Logged for the operator, who learns what failed and where, but not the claim's values.
    assertThat(logged.count()).isEqualTo(1);
    assertThat(logged.printed())
        .contains("Assessment failed", "java.lang.IllegalStateException", "ErrorMapperTest")
        .doesNotContain("AB123456C");
  }

  @SuppressWarnings("unchecked")
  private static String code(ErrorMapper.Refusal refusal) {
    return (String) ((Map<String, Object>) refusal.body().get("error")).get("code");
  }
}
