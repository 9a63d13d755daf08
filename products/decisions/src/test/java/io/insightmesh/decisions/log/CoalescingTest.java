package io.insightmesh.decisions.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CoalescingTest {
  private static final long MICROS = 1_000;
  private static final long MILLIS = 1_000_000;

  @Test
  void holdsOnlyWhileAppendsArriveCloserTogetherThanTheDelay() {
    Coalescing coalescing = new Coalescing(Duration.ofMillis(2));
    assertThat(coalescing.worthHolding()).as("before any append").isFalse();
    coalescing.arrived(0);
    assertThat(coalescing.worthHolding()).as("one append: no gap seen yet").isFalse();

    // 6,300 appends a second: twelve expected within the delay.
    long now = 0;
    for (int i = 0; i < 100; i++) {
      coalescing.arrived(now += 160 * MICROS);
    }
    assertThat(coalescing.worthHolding()).isTrue();

    // 60 appends a second: each would wait the delay out alone.
    for (int i = 0; i < 100; i++) {
      coalescing.arrived(now += 16 * MILLIS);
    }
    assertThat(coalescing.worthHolding()).isFalse();
  }

  @Test
  void oneGapUnlikeTheRestDoesNotTurnItOver() {
    Coalescing busy = new Coalescing(Duration.ofMillis(2));
    long now = 0;
    for (int i = 0; i < 100; i++) {
      busy.arrived(now += 160 * MICROS);
    }
    busy.arrived(now += 10 * MILLIS);
    assertThat(busy.worthHolding()).as("a pause in a busy stretch").isTrue();

    Coalescing idle = new Coalescing(Duration.ofMillis(2));
    idle.arrived(0);
    idle.arrived(60_000 * MILLIS);
    idle.arrived(60_000 * MILLIS + 10 * MICROS);
    assertThat(idle.worthHolding()).as("a quick pair after an idle minute").isFalse();
  }

  @Test
  void aZeroDelayNeverHolds() {
    Coalescing none = new Coalescing(Duration.ZERO);
    for (long now = 0; now < 100; now++) {
      none.arrived(now);
    }
    assertThat(none.worthHolding()).isFalse();
  }
}
