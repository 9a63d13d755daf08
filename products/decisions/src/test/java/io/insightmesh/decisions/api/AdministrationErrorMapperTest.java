package io.insightmesh.decisions.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.decisions.audit.AuditLogFailedException;
import io.insightmesh.decisions.journal.JournalFailedException;
import io.insightmesh.decisions.testing.CapturedLog;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The answers of the rules and block-list APIs to a change the audit log refused, which is audited
 * before it is made: the change was not made, so the answer must not say it is in force.
 */
class AdministrationErrorMapperTest {
  @Test
  void aChangeTheAuditLogRefusedIsAnsweredAsNotMade() {
    Response response;
    CapturedLog logged = CapturedLog.of(AdministrationErrorMapper.class);
    try (logged) {
      response =
          new AdministrationErrorMapper()
              .auditFailed(
                  new AuditLogFailedException(
                      "Block list ninos: the addition could not be audited, so it was not made; the"
                          + " audit log accepts nothing more until the engine restarts",
                      new JournalFailedException(
                          "Cannot write journal /data/decisions/audit/audit.jsonl",
                          new IOException("No space left on device"))));
    }

    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getEntity())
        .isEqualTo(
            Map.of(
                "error",
                ErrorBody.of(
                    "audit-failed",
                    "Block list ninos: the addition could not be audited, so it was not made; the"
                        + " audit log accepts nothing more until the engine restarts")));
    // The operator learns which file failed and why; the client is not told where it lives.
    assertThat(logged.count()).isEqualTo(1);
    assertThat(logged.printed())
        .contains(
            "An administrative change was refused: it could not be audited",
            "Cannot write journal /data/decisions/audit/audit.jsonl",
            "No space left on device");
  }
}
