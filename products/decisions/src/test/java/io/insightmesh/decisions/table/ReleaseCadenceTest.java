package io.insightmesh.decisions.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
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
    assertThatThrownBy(
            () -> new ReleaseCadence(Duration.ofMinutes(1), 10, Duration.ofDays(1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid release tag-thin-after PT0S: must be positive");
  }

  @Test
  void theFirstTagOfEachHourIsKeptDaysAndTheOthersAnHour() {
    ReleaseCadence cadence = ReleaseCadence.defaults();
    long hour = Duration.ofHours(1).toMillis();
    long days = Duration.ofDays(3).toMillis();
    long tenPast = Instant.parse("2026-12-04T10:10:00Z").toEpochMilli();

    assertThat(cadence.tagMaxAgeMillis(tenPast, null)).isEqualTo(days);
    assertThat(cadence.tagMaxAgeMillis(tenPast, tenPast - 60_000)).isEqualTo(hour);
    // The tag before it is of the hour before: this one is its hour's first.
    assertThat(cadence.tagMaxAgeMillis(tenPast, tenPast - 11 * 60_000)).isEqualTo(days);
  }

  @Test
  void tagsKeptShorterThanTheThinningAreAllKeptThatLong() {
    ReleaseCadence cadence =
        new ReleaseCadence(Duration.ofMinutes(1), 10, Duration.ofMinutes(30), Duration.ofHours(1));
    long now = Instant.parse("2026-12-04T10:10:00Z").toEpochMilli();

    assertThat(cadence.tagMaxAgeMillis(now, now - 60_000))
        .isEqualTo(Duration.ofMinutes(30).toMillis());
    assertThat(cadence.tagMaxAgeMillis(now, null)).isEqualTo(Duration.ofMinutes(30).toMillis());
  }

  @Test
  void dataOnlyTagsAreKeptAFewDaysByDefault() {
    assertThat(ReleaseCadence.defaults().tagMaxAge()).isEqualTo(Duration.ofDays(3));
  }
}
