package io.insightmesh.decisions.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Against the kernel, as the engine's hosts run it and with the privilege they run it with (root
 * here, as the engine in CI and in the benchmark): a thread of the test enrolls, and the kernel's
 * own record of its policy shows what the governor did.
 */
class RealtimeAnswersTest {
  private static final Duration SLICE = Duration.ofNanos(300_000);

  /** A whole core out of two is half the cores: well over this share. */
  private static final double SHARE = 0.2;

  @Test
  void anIdleThreadIsRaisedABusyOneLoweredAndItsOwnSliceRestored() throws Exception {
    AtomicBoolean spin = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<Integer> enrolled = new CompletableFuture<>();
    CompletableFuture<Scheduler.Attributes> child = new CompletableFuture<>();
    CountDownLatch startChild = new CountDownLatch(1);
    try (RealtimeAnswers answers = RealtimeAnswers.start(SHARE)) {
      assertThat(answers.governing())
          .as("the engine's hosts grant a real-time policy (root, or RLIMIT_RTPRIO)")
          .isTrue();
      Thread answering =
          new Thread(
              () -> {
                assertThat(SchedulerSlice.request(SLICE).granted()).isTrue();
                Optional<String> refusal = answers.enrollCurrentThread();
                boolean childStarted = false;
                enrolled.complete(refusal.isEmpty() ? Scheduler.currentThreadId().orElse(-1) : -1);
                while (!stop.get()) {
                  if (spin.get()) {
                    Thread.onSpinWait();
                  } else if (startChild.getCount() == 0 && !childStarted) {
                    new Thread(() -> child.complete(Scheduler.read(0))).start();
                    childStarted = true;
                  } else {
                    sleep(Duration.ofMillis(1));
                  }
                }
              },
              "answering");
      answering.start();
      int tid = enrolled.get(10, TimeUnit.SECONDS);
      assertThat(tid).as("enrolled").isPositive();

      awaitPolicy(tid, Scheduler.SCHED_FIFO, "raised while idle");
      assertThat(Scheduler.read(tid).priority()).isEqualTo(RealtimeAnswers.PRIORITY);
      assertThat(answers.raisedThreads()).isEqualTo(1);

      startChild.countDown();
      assertThat(child.get(10, TimeUnit.SECONDS).policy())
          .as("a thread a raised thread starts is on the default policy")
          .isEqualTo(Scheduler.SCHED_OTHER);

      spin.set(true);
      awaitPolicy(tid, Scheduler.SCHED_OTHER, "lowered while it uses a whole core");
      assertThat(answers.lowerings()).isEqualTo(1);
      assertThat(Scheduler.read(tid).runtime())
          .as("its own slice, as it enrolled")
          .isEqualTo(SLICE.toNanos());

      spin.set(false);
      awaitPolicy(tid, Scheduler.SCHED_FIFO, "raised again once idle");

      stop.set(true);
      answering.join(10_000);
    }
  }

  @Test
  void closingLowersEveryRaisedThread() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    CompletableFuture<Integer> enrolled = new CompletableFuture<>();
    RealtimeAnswers answers = RealtimeAnswers.start(SHARE);
    Thread answering =
        new Thread(
            () -> {
              answers.enrollCurrentThread();
              enrolled.complete(Scheduler.currentThreadId().orElse(-1));
              await(done);
            });
    answering.start();
    try {
      int tid = enrolled.get(10, TimeUnit.SECONDS);
      awaitPolicy(tid, Scheduler.SCHED_FIFO, "raised while idle");
      answers.close();
      assertThat(Scheduler.read(tid).policy()).isEqualTo(Scheduler.SCHED_OTHER);
      assertThat(answers.raisedThreads()).isZero();
    } finally {
      answers.close();
      done.countDown();
      answering.join(10_000);
    }
  }

  @Test
  void aShareOfZeroGovernsNothing() {
    try (RealtimeAnswers answers = RealtimeAnswers.start(0)) {
      assertThat(answers.governing()).isFalse();
      assertThat(answers.enrollCurrentThread()).contains("turned off (a share of 0)");
    }
  }

  @Test
  void aShareOfAWholeCoreOrMoreIsRefused() {
    assertThatThrownBy(() -> RealtimeAnswers.start(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid real-time answers share 1.0: must be from 0 to below 1");
  }

  private static void awaitPolicy(int tid, int policy, String what) {
    Awaitility.await(what)
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> Scheduler.read(tid).policy() == policy);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
