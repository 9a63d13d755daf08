package io.insightmesh.decisions.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.decisions.sched.BackgroundPriority;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PeriodicTest {
  @ParameterizedTest
  @EnumSource(BackgroundPriority.class)
  void runsItsTaskBelowTheCallersPriority(BackgroundPriority priority) throws Exception {
    OptionalInt callers = BackgroundPriority.currentNice();
    assertThat(callers).as("this test reads nice values from /proc (Linux)").isPresent();
    CompletableFuture<OptionalInt> tasks = new CompletableFuture<>();
    Periodic periodic = new Periodic("periodic-test", priority);
    periodic.start(
        "a test task",
        () -> tasks.complete(BackgroundPriority.currentNice()),
        Duration.ZERO,
        Duration.ofHours(1));
    try {
      // A release or a compaction on the request threads' core gets what they leave.
      assertThat(tasks.get(30, TimeUnit.SECONDS))
          .hasValue(Math.max(callers.getAsInt(), priority.nice()));
    } finally {
      assertThat(periodic.stop(Duration.ofSeconds(10))).isEqualTo(Periodic.Stopped.DONE);
    }
    // The caller's own priority is untouched: the event loops and the committer keep theirs.
    assertThat(BackgroundPriority.currentNice()).isEqualTo(callers);
  }
}
