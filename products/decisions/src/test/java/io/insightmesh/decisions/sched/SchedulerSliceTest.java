package io.insightmesh.decisions.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Against the kernel this machine runs (Linux 6.12 or later, as the engine's hosts): each test asks
 * on a thread of its own, so the test runner's threads keep their slices.
 */
class SchedulerSliceTest {
  private static final Duration SHORT = Duration.ofNanos(300_000);

  @Test
  void aThreadGetsTheSliceItAsksFor() throws Exception {
    Optional<Duration> before = onThreadOfItsOwn(SchedulerSlice::current);
    assertThat(before)
        .as("the kernel shows a thread's slice in /proc/thread-self/sched")
        .isPresent();
    assertThat(before.get()).isNotEqualTo(SHORT);

    Optional<Duration> after =
        onThreadOfItsOwn(
            () -> {
              SchedulerSlice.Outcome outcome = SchedulerSlice.request(SHORT);
              assertThat(outcome.granted()).as(outcome.detail()).isTrue();
              return SchedulerSlice.current();
            });

    assertThat(after).contains(SHORT);
  }

  @Test
  void theThreadKeepsItsNiceValue() throws Exception {
    // A lowered background thread must not come back to nice 0 by asking for a slice.
    OptionalInt nice =
        onThreadOfItsOwn(
            () -> {
              assertThat(BackgroundPriority.KEEP_UP.lowerCurrentThread()).isTrue();
              assertThat(SchedulerSlice.request(SHORT).granted()).isTrue();
              return BackgroundPriority.currentNice();
            });

    assertThat(nice).hasValue(BackgroundPriority.KEEP_UP.nice());
  }

  @Test
  void threadsItStartsInheritIt() throws Exception {
    // Whatever an event loop starts runs on the short slice too: it must start nothing that
    // batches (see the class's comment).
    Optional<Duration> child =
        onThreadOfItsOwn(
            () -> {
              SchedulerSlice.request(SHORT);
              return onThreadOfItsOwn(SchedulerSlice::current);
            });

    assertThat(child).contains(SHORT);
  }

  @Test
  void aSliceLinuxWouldNotGrantIsRefused() {
    assertThatThrownBy(() -> SchedulerSlice.request(Duration.ofNanos(50_000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid scheduler slice PT0.00005S: a scheduler slice must be from PT0.0001S to"
                + " PT0.1S");
    assertThatThrownBy(() -> SchedulerSlice.checked("writerSlice", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid writerSlice PT1S: a scheduler slice must be from PT0.0001S to PT0.1S");
  }

  private static <T> T onThreadOfItsOwn(Callable<T> task) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                result.complete(task.call());
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            });
    thread.start();
    return result.get(30, TimeUnit.SECONDS);
  }
}
