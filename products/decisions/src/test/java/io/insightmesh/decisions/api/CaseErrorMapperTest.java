package io.insightmesh.decisions.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.decisions.cases.OutcomeStoreFailedException;
import io.insightmesh.decisions.journal.JournalFailedException;
import io.insightmesh.decisions.testing.CapturedLog;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The case workers' answers when a journal cannot write: each 503 says what became of the request,
 * which differs between an audit log that refused it and an outcome store that refused an outcome
 * already audited.
 */
class CaseErrorMapperTest {
  private static final String CLAIM = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

  @Test
  void aRequestTheAuditLogRefusedIsAnsweredAsNeitherAnsweredNorRecorded() {
    Response response;
    CapturedLog logged = CapturedLog.of(CaseErrorMapper.class);
    try (logged) {
      response =
          new CaseErrorMapper()
              .journalFailed(
                  new JournalFailedException(
                      "Cannot write journal /data/decisions/audit/audit.jsonl",
                      new IOException("No space left on device")));
    }

    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getEntity())
        .isEqualTo(
            Map.of(
                "error",
                ErrorBody.of(
                    "journal-unavailable",
                    "The audit log cannot write, so nothing was answered or recorded; it accepts"
                        + " nothing more until the engine restarts")));
    assertThat(logged.printed()).contains("No space left on device");
  }

  @Test
  void anOutcomeTheStoreRefusedAfterItWasAuditedIsAnsweredAsNotRecorded() {
    Response response;
    CapturedLog logged = CapturedLog.of(CaseErrorMapper.class);
    try (logged) {
      response =
          new CaseErrorMapper()
              .outcomeNotDurable(
                  new OutcomeStoreFailedException(
                      "The outcome on claim " + CLAIM + " could not be made durable",
                      new JournalFailedException(
                          "Cannot write journal /data/decisions/outcomes/outcomes.jsonl",
                          new IOException("No space left on device"))));
    }

    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getEntity())
        .isEqualTo(
            Map.of(
                "error",
                ErrorBody.of(
                    "outcome-store-failed",
                    "The outcome on claim " + CLAIM + " could not be made durable")));
    // The operator learns which file failed and why; the client is not told where it lives.
    assertThat(logged.printed())
        .contains("outcomes.jsonl", "No space left on device")
        .doesNotContain("nothing was answered");
  }
}
