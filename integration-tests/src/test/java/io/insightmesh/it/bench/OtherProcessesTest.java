package io.insightmesh.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OtherProcessesTest {
  @Test
  void readsANameWithSpacesAndParenthesesAndCountsReapedChildren() {
    OtherProcesses.Usage usage =
        OtherProcesses.parse(
            "4242 (cpu (sampler).sh) S 1 4242 4242 0 -1 4194560 100 2000 0 0 30 12 55 3 20 0 1 0"
                + " 1000 1000 100");

    assertThat(usage)
        .isEqualTo(new OtherProcesses.Usage("cpu (sampler).sh", 30 + 12 + 55 + 3, 1000));
  }

  @Test
  void countsWhatOnlyTheOtherProcessesUsedByName() {
    Map<Long, OtherProcesses.Usage> before =
        Map.of(
            1L, new OtherProcesses.Usage("engine", 1_000, 50),
            2L, new OtherProcesses.Usage("kdamond.0", 500, 10),
            3L, new OtherProcesses.Usage("kworker/1:0-events", 10, 20),
            4L, new OtherProcesses.Usage("sleep", 7, 30),
            6L, new OtherProcesses.Usage("kworker/0:1-events", 2_900, 25));
    Map<Long, OtherProcesses.Usage> after =
        Map.of(
            1L, new OtherProcesses.Usage("engine", 3_000, 50),
            2L, new OtherProcesses.Usage("kdamond.0", 513, 10),
            3L, new OtherProcesses.Usage("kworker/1:0-events", 10, 20),
            // Started in the window; pid 4 reused by another program.
            5L, new OtherProcesses.Usage("kworker/1:1", 2, 900),
            4L, new OtherProcesses.Usage("grep", 60, 950),
            // The same kernel worker, renamed after the work queue it served last: its window's
            // 1 tick, not its life's 2,901.
            6L, new OtherProcesses.Usage("kworker/0:1-mm_percpu_wq", 2_901, 25));

    Map<String, Long> used = OtherProcesses.used(before, after, Set.of(1L));

    assertThat(used)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "kdamond.0", 13L, "kworker/1:1", 2L, "grep", 60L, "kworker/0:1-mm_percpu_wq", 1L));
    assertThat(OtherProcesses.describe(used))
        .isEqualTo(
            "other processes used 0.76 CPU s in the window (grep 0.60, kdamond.0 0.13,"
                + " kworker/1:1 0.02, kworker/0:1-mm_percpu_wq 0.01)");
    assertThat(OtherProcesses.describe(Map.of()))
        .isEqualTo("no other process used CPU in the window");
  }

  @Test
  void seesAProcessSpinningBesideThisOne() throws Exception {
    Set<Long> own = Set.of(ProcessHandle.current().pid());
    Map<Long, OtherProcesses.Usage> before = OtherProcesses.now();
    Process spinner = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
    try {
      Map<String, Long> used = OtherProcesses.used(before, OtherProcesses.now(), own);
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!used.containsKey("sh") && System.nanoTime() < deadline) {
        Thread.sleep(50);
        used = OtherProcesses.used(before, OtherProcesses.now(), own);
      }

      assertThat(used).containsKey("sh");
      assertThat(OtherProcesses.describe(used)).contains("sh ");
    } finally {
      spinner.destroyForcibly().waitFor();
    }
  }
}
