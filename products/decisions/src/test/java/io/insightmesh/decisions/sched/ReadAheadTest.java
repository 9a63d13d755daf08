package io.insightmesh.decisions.sched;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Work prepared on helper threads and applied on the caller's: everything arrives once, a helper's
 * items in its order, and the first failure stops the rest and reaches the caller.
 */
class ReadAheadTest {
  @Test
  void everyItemReachesTheCallerOnceAndEachHelpersInItsOrder() {
    AtomicInteger helper = new AtomicInteger();
    Thread caller = Thread.currentThread();
    Set<Thread> consumers = new HashSet<>();
    List<int[]> seen = new ArrayList<>();
    List<Long> progress = new ArrayList<>();

    long count =
        ReadAhead.<int[]>run(
            "test-read-ahead",
            3,
            sink -> {
              int me = helper.getAndIncrement();
              for (int n = 0; n < 10_000; n++) {
                sink.put(new int[] {me, n});
              }
            },
            item -> {
              consumers.add(Thread.currentThread());
              seen.add(item);
            },
            progress::add);

    assertThat(count).isEqualTo(30_000);
    assertThat(seen).hasSize(30_000);
    assertThat(consumers).containsExactly(caller);
    int[] next = new int[3];
    for (int[] item : seen) {
      assertThat(item[1]).as("helper %d's items in order", item[0]).isEqualTo(next[item[0]]++);
    }
    assertThat(next).containsExactly(10_000, 10_000, 10_000);
    assertThat(progress).isSorted().last().isEqualTo(30_000L);
  }

  @Test
  void aHelpersFailureStopsTheOthersAndReachesTheCaller() {
    Set<Thread> helpers = ConcurrentHashMap.newKeySet();
    AtomicInteger started = new AtomicInteger();

    assertThatThrownBy(
            () ->
                ReadAhead.<Integer>run(
                    "test-read-ahead",
                    2,
                    endless(
                        helpers,
                        () -> {
                          if (started.getAndIncrement() == 0) {
                            throw new IOException("segment 7 unreadable");
                          }
                        }),
                    item -> {},
                    count -> {}))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("segment 7 unreadable");
    assertThat(helpers).hasSize(2);
    for (Thread thread : helpers) {
      assertThat(joined(thread).isAlive()).isFalse();
    }
  }

  @Test
  void aHelperThatDiesOfAnErrorFailsTheRunInsteadOfShorteningIt() {
    Set<Thread> helpers = ConcurrentHashMap.newKeySet();
    AtomicInteger started = new AtomicInteger();
    OutOfMemoryError full = new OutOfMemoryError("Cannot reserve 1048576 bytes of direct buffer");

    assertThatThrownBy(
            () ->
                ReadAhead.<Integer>run(
                    "test-read-ahead",
                    2,
                    sink -> {
                      helpers.add(Thread.currentThread());
                      boolean dies = started.getAndIncrement() == 0;
                      for (int n = 0; n < 5_000; n++) {
                        if (dies && n == 3_000) {
                          throw full;
                        }
                        sink.put(n);
                      }
                    },
                    item -> {},
                    count -> {}))
        .isSameAs(full);
    assertThat(helpers).hasSize(2);
    for (Thread thread : helpers) {
      assertThat(joined(thread).isAlive()).isFalse();
    }
  }

  @Test
  void helpersWithNothingToPutEndTheRunAtOnce() {
    List<Long> progress = new ArrayList<>();

    long count =
        ReadAhead.<Integer>run("test-read-ahead", 2, sink -> {}, item -> {}, progress::add);

    assertThat(count).isZero();
    assertThat(progress).isEmpty();
  }

  @Test
  void theConsumersFailureStopsTheHelpersAndIsThrownAsItIs() {
    Set<Thread> helpers = ConcurrentHashMap.newKeySet();
    IllegalStateException full = new IllegalStateException("no room for another claim");

    assertThatThrownBy(
            () ->
                ReadAhead.<Integer>run(
                    "test-read-ahead",
                    2,
                    endless(helpers, () -> {}),
                    item -> {
                      if (item == 5_000) {
                        throw full;
                      }
                    },
                    count -> {}))
        .isSameAs(full);
    assertThat(helpers).hasSize(2);
    for (Thread thread : helpers) {
      assertThat(joined(thread).isAlive()).isFalse();
    }
  }

  /** A step a helper takes before it puts anything. */
  private interface Start {
    void run() throws IOException;
  }

  /** Helpers that note their thread, take {@code start}, then put numbers until stopped. */
  private static ReadAhead.Producer<Integer> endless(Set<Thread> helpers, Start start) {
    return sink -> {
      helpers.add(Thread.currentThread());
      start.run();
      for (int n = 0; ; n++) {
        sink.put(n);
      }
    };
  }

  /** The thread once it has ended, or after ten seconds if it has not. */
  private static Thread joined(Thread thread) {
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return thread;
  }
}
