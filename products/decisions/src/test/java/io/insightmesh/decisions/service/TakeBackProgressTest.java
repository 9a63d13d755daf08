package io.insightmesh.decisions.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What an operator reads in the engine's health while a restart takes decisions back. */
class TakeBackProgressTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final List<String> reports = new ArrayList<>();

  @Test
  void saysAtOnceWhatIsTakenBackAndThenHowFarEveryFewSeconds() {
    TakeBackProgress progress =
        new TakeBackProgress("the decisions committed to t", 8_000, reports::add, now::get);

    progress.accept(1_024);
    now.addAndGet(TakeBackProgress.EVERY_NANOS);
    progress.accept(2_048);
    progress.accept(3_072);
    now.addAndGet(TakeBackProgress.EVERY_NANOS);
    progress.accept(8_000);

    assertThat(reports)
        .containsExactly(
            "Taking back the decisions committed to t: 0 of 8000 decisions (0 %)",
            "Taking back the decisions committed to t: 2048 of 8000 decisions (25 %)",
            "Taking back the decisions committed to t: 8000 of 8000 decisions (100 %)");
  }

  @Test
  void withoutACountItSaysHowManySoFar() {
    TakeBackProgress progress = new TakeBackProgress("the log", -1, reports::add, now::get);

    now.addAndGet(TakeBackProgress.EVERY_NANOS);
    progress.accept(5_000);

    assertThat(reports)
        .containsExactly(
            "Taking back the log: 0 decisions so far",
            "Taking back the log: 5000 decisions so far");
  }
}
