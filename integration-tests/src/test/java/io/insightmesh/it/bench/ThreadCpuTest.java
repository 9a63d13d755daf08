package io.insightmesh.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
  @Test
  void aPoolReadsAsOneGroup() {
    assertThat(ThreadCpu.group("vert.x-eventloop-thread-1")).isEqualTo("vert.x-eventloop-thread");
    assertThat(ThreadCpu.group("GC Thread#3")).isEqualTo("GC Thread");
    assertThat(ThreadCpu.group("executor-thread-12")).isEqualTo("executor-thread");
    // Linux keeps 15 characters of a name, so a compiler thread's number is already gone.
    assertThat(ThreadCpu.group("C2 CompilerThre")).isEqualTo("C2 CompilerThre");
    assertThat(ThreadCpu.group("decision-commit")).isEqualTo("decision-commit");
    assertThat(ThreadCpu.group("42")).isEqualTo("42");
  }

  @Test
  void countsTheCpuOfTheThreadThatUsedIt() throws InterruptedException {
    long self = ProcessHandle.current().pid();
    Map<String, Long> before = ThreadCpu.byGroup(self);
    java.util.concurrent.atomic.AtomicBoolean stop =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread busy =
        new Thread(
            () -> {
              long sink = 0;
              while (!stop.get()) {
                sink += Long.toString(sink).hashCode();
              }
              if (sink == 42) {
                System.out.println(sink);
              }
            },
            "busy-probe-7");
    busy.start();
    // Read while it still runs (/proc drops a thread once it has ended), and until it has used a
    // 10 ms tick: on a loaded machine a quarter second of spinning was sometimes none.
    Map<String, Long> used = ThreadCpu.used(before, ThreadCpu.byGroup(self));
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!used.containsKey("busy-probe") && System.nanoTime() < deadline) {
      Thread.sleep(50);
      used = ThreadCpu.used(before, ThreadCpu.byGroup(self));
    }
    stop.set(true);
    busy.join();
    assertThat(used).containsKey("busy-probe");
    assertThat(used.get("busy-probe")).isPositive();
    assertThat(ThreadCpu.byGroup(0)).isEmpty();
  }
}
