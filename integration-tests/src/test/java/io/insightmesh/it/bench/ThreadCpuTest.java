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
    Thread busy =
        new Thread(
            () -> {
              long end = System.nanoTime() + 300_000_000L;
              long sink = 0;
              while (System.nanoTime() < end) {
                sink += Long.toString(sink).hashCode();
              }
              if (sink == 42) {
                System.out.println(sink);
              }
            },
            "busy-probe-7");
    busy.start();
    // Read while it still runs: /proc drops a thread once it has ended.
    Thread.sleep(250);
    Map<String, Long> used = ThreadCpu.used(before, ThreadCpu.byGroup(self));
    busy.join();
    // At least a tenth of the quarter second it spun, in 10 ms ticks, however loaded the machine.
    assertThat(used).containsKey("busy-probe");
    assertThat(used.get("busy-probe")).isPositive();
    assertThat(ThreadCpu.byGroup(0)).isEmpty();
  }
}
