package io.insightmesh.decisions.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void doublesAfterEachFailureUntilTheLongestPause() {
    Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1));

    assertThat(IntStream.rangeClosed(1, 7).mapToObj(backoff::after).map(Duration::toMillis))
        .containsExactly(50L, 100L, 200L, 400L, 800L, 1000L, 1000L);
  }

  @Test
  void anyNumberOfFailuresStaysAtTheLongestPause() {
    Backoff backoff = new Backoff(Duration.ofNanos(1), Duration.ofDays(365));

    assertThat(backoff.after(Integer.MAX_VALUE)).isEqualTo(Duration.ofDays(365));
    assertThat(backoff.after(0)).isEqualTo(Duration.ofNanos(1));
  }

  @Test
  void aZeroPauseRetriesAtOnceEveryTime() {
    Backoff backoff = new Backoff(Duration.ZERO, Duration.ZERO);

    assertThat(backoff.after(Integer.MAX_VALUE)).isZero();
  }

  @Test
  void refusesANegativeFirstPauseOrALongestPauseShorterThanTheFirst() {
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("first must not be negative, got PT-1S");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max must be at least first (PT2S), got PT1S");
  }
}
