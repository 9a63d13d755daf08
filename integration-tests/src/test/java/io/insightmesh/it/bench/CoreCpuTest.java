package io.insightmesh.it.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoreCpuTest {
  private static final String BEFORE =
      "cpu  900 0 300 5000 10 0 40 0 0 0\n"
          + "cpu0 400 0 100 2500 5 0 10 0 0 0\n"
          + "cpu1 500 0 200 2500 5 0 30 0 0 0\n"
          + "intr 12345\n";

  private static final String AFTER =
      "cpu  3000 0 700 7000 10 0 90 6 0 0\n"
          + "cpu0 1000 5 300 3500 5 0 20 0 0 0\n"
          + "cpu1 2000 0 400 3500 5 2 68 6 0 0\n"
          + "intr 23456\n";

  @Test
  void whatTheBenchmarksOwnProcessesDoNotAccountForIsAnythingElse() {
    CoreCpu.Counters used = CoreCpu.parse(AFTER, 1).minus(CoreCpu.parse(BEFORE, 1));
    Map<String, Long> known = new LinkedHashMap<>();
    known.put("engine", 1_450L);
    known.put("catalog", 200L);

    // Core 1 ran tasks 1,700 ticks (1,500 user, 200 system) and interrupts 40 (2 hard, 38 soft).
    assertThat(CoreCpu.describe(1, used, known))
        .isEqualTo(
            "core 1 busy 17.40 CPU s (engine 14.50, catalog 2.00, interrupts 0.40,"
                + " anything else 0.50); the hypervisor took 0.06 CPU s");
  }

  @Test
  void aCoreWithNothingElseSaysSoAndNoStealIsNotMentioned() {
    CoreCpu.Counters used = CoreCpu.parse(AFTER, 0).minus(CoreCpu.parse(BEFORE, 0));
    Map<String, Long> known = new LinkedHashMap<>();
    known.put("load generator", 780L);
    // Tick rounding can put the processes' own counts a little over the core's.
    known.put("this benchmark", 30L);

    assertThat(CoreCpu.describe(0, used, known))
        .isEqualTo(
            "core 0 busy 8.15 CPU s (load generator 7.80, this benchmark 0.30, interrupts 0.10,"
                + " anything else 0.00)");
  }

  @Test
  void aCoreProcStatDoesNotListIsRefused() {
    assertThatThrownBy(() -> CoreCpu.parse(BEFORE, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("core 2");
  }

  @Test
  void readsThisMachinesCores() {
    CoreCpu.Counters first = CoreCpu.of(0);
    CoreCpu.Counters later = CoreCpu.of(0);

    assertThat(later.minus(first).tasks()).isNotNegative();
    assertThat(first.tasks()).isPositive();
  }
}
