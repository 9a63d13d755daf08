package io.insightmesh.catalog.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Failed sign-ins are counted per address and client id, in a window from the first failure. */
class SignInThrottleTest {
  @Test
  void refusesAPairOnceItUsedItsFailuresAndNoOtherPair() {
    SignInThrottle throttle = new SignInThrottle(3, Duration.ofMinutes(1));

    assertThat(throttle.failed("10.0.0.9", "trino")).isFalse();
    assertThat(throttle.failed("10.0.0.9", "trino")).isFalse();
    assertThat(throttle.refusedFor("10.0.0.9", "trino")).isEmpty();
    assertThat(throttle.failed("10.0.0.9", "trino")).as("the last one allowed").isTrue();

    assertThat(throttle.refusedFor("10.0.0.9", "trino"))
        .hasValueSatisfying(
            wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1)));
    // Trino signing in from its own address, and another name from the guessing one, still can.
    assertThat(throttle.refusedFor("10.0.0.2", "trino")).isEmpty();
    assertThat(throttle.refusedFor("10.0.0.9", "analyst")).isEmpty();
  }

  @Test
  void waitingOutTheWindowLetsThePairTryAgain() {
    SignInThrottle throttle = new SignInThrottle(1, Duration.ofMillis(300));
    throttle.failed("10.0.0.9", "trino");
    assertThat(throttle.refusedFor("10.0.0.9", "trino")).isPresent();

    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> throttle.refusedFor("10.0.0.9", "trino").isEmpty());
    assertThat(throttle.failed("10.0.0.9", "trino")).as("a new window").isTrue();
  }
}
