package io.insightmesh.catalog.iceberg;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Which database errors of a pointer swap mean "not applied" (the new metadata file is deleted,
 * 409) and which leave the outcome unknown (the file stays, 500, the client reloads): guessing "not
 * applied" wrongly would leave the table pointing at a deleted file.
 */
class CommitOutcomeTest {
  @Test
  void onlyErrorsTheDatabaseRaisesBeforeApplyingAreKnownNotApplied() {
    for (String state : new String[] {"22001", "40001", "40P01", "42501", "42P01"}) {
      assertThat(CachedJdbcTableOperations.knownNotApplied(new SQLException("x", state)))
          .as(state)
          .isTrue();
    }
  }

  @Test
  void aLostConnectionAShutdownOrAnUnnamedErrorIsAnUnknownOutcome() {
    // 57P01: PostgreSQL ends the session while a committed transaction waits for its standby.
    for (String state :
        new String[] {"08006", "08003", "40003", "57P01", "57014", "XX000", "HYT00"}) {
      assertThat(CachedJdbcTableOperations.knownNotApplied(new SQLException("x", state)))
          .as(state)
          .isFalse();
    }
    assertThat(CachedJdbcTableOperations.knownNotApplied(new SQLException("no state"))).isFalse();
  }
}
