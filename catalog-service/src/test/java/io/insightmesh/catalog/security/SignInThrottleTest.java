package io.insightmesh.catalog.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Sign-in attempts are counted per address and client id before the secret is checked, in a window
 * from the first; a passing attempt gives its place back.
 */
class SignInThrottleTest {
  @Test
  void refusesAPairOnceItUsedItsFailuresAndNoOtherPair() {
    SignInThrottle throttle = new SignInThrottle(3, Duration.ofMinutes(1));

    for (int guess = 1; guess <= 3; guess++) {
      assertThat(throttle.attempt("10.0.0.9", "trino")).isEmpty();
      assertThat(throttle.failed("10.0.0.9", "trino"))
          .as("guess %d the last", guess)
          .isEqualTo(guess == 3);
    }

    assertThat(throttle.attempt("10.0.0.9", "trino"))
        .hasValueSatisfying(
            wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1)));
    // Trino signing in from its own address, and another name from the guessing one, still can.
    assertThat(throttle.attempt("10.0.0.2", "trino")).isEmpty();
    assertThat(throttle.attempt("10.0.0.9", "analyst")).isEmpty();
  }

  @Test
  void attemptsRunningAtOnceCannotAllPassTheCheck() {
    SignInThrottle throttle = new SignInThrottle(3, Duration.ofMinutes(1));
    List<Optional<Duration>> burst = new ArrayList<>();
    for (int guess = 0; guess < 10; guess++) {
      // Ten guesses arrive before any has been found wrong.
      burst.add(throttle.attempt("10.0.0.9", "trino"));
    }
    assertThat(burst.stream().filter(Optional::isEmpty)).hasSize(3);
  }

  @Test
  void aPassingAttemptGivesItsPlaceBack() {
    SignInThrottle throttle = new SignInThrottle(2, Duration.ofMinutes(1));
    for (int signIn = 0; signIn < 5; signIn++) {
      assertThat(throttle.attempt("10.0.0.2", "trino")).isEmpty();
      throttle.succeeded("10.0.0.2", "trino");
    }
    assertThat(throttle.attempt("10.0.0.2", "trino")).isEmpty();
  }

  @Test
  void waitingOutTheWindowLetsThePairTryAgain() {
    SignInThrottle throttle = new SignInThrottle(1, Duration.ofMillis(300));
    throttle.attempt("10.0.0.9", "trino");
    throttle.failed("10.0.0.9", "trino");
    assertThat(throttle.attempt("10.0.0.9", "trino")).isPresent();

    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> throttle.attempt("10.0.0.9", "trino").isEmpty());
  }
}
