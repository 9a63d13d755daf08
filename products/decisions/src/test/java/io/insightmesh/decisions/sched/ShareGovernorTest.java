package io.insightmesh.decisions.sched;

import static io.insightmesh.decisions.sched.ShareGovernor.Change.LOWER;
import static io.insightmesh.decisions.sched.ShareGovernor.Change.NONE;
import static io.insightmesh.decisions.sched.ShareGovernor.Change.RAISE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The governor's rule, sample by sample at a 10 ms tick, for threads on one core. */
class ShareGovernorTest {
  private static final long TICK = Duration.ofMillis(10).toNanos();

  private final ShareGovernor governor = new ShareGovernor(0.5, Duration.ofMillis(10));
  private long now = 1_000_000_000L;
  private long cpu;

  @Test
  void raisesAfterASecondOfCalmNotBefore() {
    assertThat(run(100, 0.1)).containsOnly(NONE);
    assertThat(tick(0.1)).isEqualTo(RAISE);
    assertThat(governor.raised()).isTrue();
  }

  @Test
  void aSaturatingLoadIsLoweredWithinATenthOfASecond() {
    raise();
    List<ShareGovernor.Change> changes = run(10, 1.0);
    assertThat(changes).containsOnlyOnce(LOWER);
    assertThat(governor.raised()).isFalse();
    assertThat(governor.lastShare()).isGreaterThan(ShareGovernor.BURST_SHARE);
    assertThat(governor.lastWindow()).isEqualTo(ShareGovernor.SHORT);
  }

  @Test
  void aLoadOverTheShareIsLoweredWithinASecond() {
    raise();
    List<ShareGovernor.Change> changes = run(100, 0.6);
    assertThat(changes).containsOnlyOnce(LOWER);
    assertThat(governor.lastShare()).isGreaterThan(0.5).isLessThan(0.6);
    assertThat(governor.lastWindow()).isEqualTo(ShareGovernor.LONG);
  }

  @Test
  void theBurstsOfASteadyRateUnderTheShareAreNotLowered() {
    raise();
    // A third of the core on average, in bursts of 100 ms at 0.7 as after each pause.
    for (int burst = 0; burst < 20; burst++) {
      assertThat(run(10, 0.7)).containsOnly(NONE);
      assertThat(run(30, 0.2)).containsOnly(NONE);
    }
    assertThat(governor.raised()).isTrue();
  }

  @Test
  void aSaturatedEngineIsNotRaisedWhileItUsesOverFourFifthsOfTheShare() {
    raise();
    lowerNow();
    assertThat(run(3_000, 0.45)).containsOnly(NONE);
    assertThat(governor.raised()).isFalse();
  }

  @Test
  void theHoldOffDoublesWhileItFlapsAndStartsAgainAfterALongRaise() {
    raise();
    long hold = Duration.ofSeconds(1).toNanos();
    for (int flap = 0; flap < 8; flap++) {
      lowerNow();
      long lowered = now;
      hold = Math.min(hold * 2, ShareGovernor.MAX_HOLD.toNanos());
      assertThat(governor.hold()).isEqualTo(Duration.ofNanos(hold));
      while (tick(0.0) != RAISE) {
        assertThat(now - lowered).isLessThanOrEqualTo(hold + TICK);
      }
      assertThat(now - lowered).isGreaterThanOrEqualTo(hold);
    }
    assertThat(governor.hold()).isEqualTo(ShareGovernor.MAX_HOLD);

    run(1_100, 0.1);
    lowerNow();
    assertThat(governor.hold()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void sharesAreOfTheCoresTheThreadsMayUse() {
    raise();
    // 0.7 of one core is 0.35 of two.
    for (int i = 0; i < 200; i++) {
      now += TICK;
      cpu += (long) (0.7 * TICK);
      assertThat(governor.observe(now, cpu, 2)).isEqualTo(NONE);
    }
  }

  @Test
  void aShareOutsideZeroToOneIsRefused() {
    assertThatThrownBy(() -> new ShareGovernor(1.0, Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid maximum share 1.0: must be above 0 and below 1");
    assertThatThrownBy(() -> new ShareGovernor(0, Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid maximum share 0.0: must be above 0 and below 1");
  }

  private void raise() {
    assertThat(run(101, 0.0)).contains(RAISE);
  }

  /** Uses a whole core until the governor lowers the threads. */
  private void lowerNow() {
    for (int i = 0; i < ShareGovernor.SHORT; i++) {
      if (tick(1.0) == LOWER) {
        return;
      }
    }
    throw new AssertionError("not lowered after 100 ms of a whole core");
  }

  private List<ShareGovernor.Change> run(int samples, double share) {
    List<ShareGovernor.Change> changes = new ArrayList<>();
    for (int i = 0; i < samples; i++) {
      changes.add(tick(share));
    }
    return changes;
  }

  /** One sample after a tick in which the threads used {@code share} of one core. */
  private ShareGovernor.Change tick(double share) {
    now += TICK;
    cpu += (long) (share * TICK);
    return governor.observe(now, cpu, 1);
  }
}
