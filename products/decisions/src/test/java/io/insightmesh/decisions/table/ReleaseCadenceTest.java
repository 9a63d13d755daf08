package io.insightmesh.decisions.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReleaseCadenceTest {
  private final ReleaseCadence cadence = new ReleaseCadence(Duration.ofMinutes(1), 1_000);

  @Test
  void aReleaseIsDueOnceTheIntervalPassedWithDecisionsWaiting() {
    assertThat(cadence.due(1, Duration.ofSeconds(59))).isFalse();
    assertThat(cadence.due(1, Duration.ofMinutes(1))).isTrue();
  }

  @Test
  void aReleaseIsDueAtOnceWhenEnoughDecisionsWait() {
    assertThat(cadence.due(999, Duration.ZERO)).isFalse();
    assertThat(cadence.due(1_000, Duration.ZERO)).isTrue();
  }

  @Test
  void withNothingCommittedNoReleaseIsEverDue() {
    assertThat(cadence.due(0, Duration.ofDays(1))).isFalse();
  }

  @Test
  void theDefaultShowsAReleaseWithinAMinute() {
    assertThat(ReleaseCadence.defaults().interval()).isLessThanOrEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void aCadenceThatWouldNeverReleaseIsRefused() {
    assertThatThrownBy(() -> new ReleaseCadence(Duration.ZERO, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid release interval PT0S: must be positive");
    assertThatThrownBy(() -> new ReleaseCadence(Duration.ofMinutes(1), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid release max-decisions 0: must be at least 1");
    assertThatThrownBy(() -> new ReleaseCadence(Duration.ofMinutes(1), 10, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid release tag-max-age PT0S: must be positive");
  }

  @Test
  void dataOnlyTagsAreKeptAFewDaysByDefault() {
    assertThat(ReleaseCadence.defaults().tagMaxAge()).isEqualTo(Duration.ofDays(3));
  }
}
