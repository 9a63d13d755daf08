package io.insightmesh.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.insightmesh.it.bench.CoreCanary.Pace;
import io.insightmesh.it.bench.CoreCanary.Sample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CoreCanaryTest {
  private static final Sample REFERENCE = new Sample(0, 100_000, 100_500);

  @Test
  void aWindowsPaceIsItsUnpreemptedUnitsAgainstTheReference() {
    // Eight units as fast as the reference, one twice as slow, and one the guest's scheduler
    // preempted for a millisecond, which says nothing of the core's pace.
    List<Sample> samples =
        Stream.concat(
                Stream.generate(() -> new Sample(1, 100_000, 100_400)).limit(8),
                Stream.of(new Sample(2, 200_000, 200_400), new Sample(3, 400_000, 1_400_000)))
            .toList();

    Pace pace = CoreCanary.pace(1, REFERENCE, samples);

    assertThat(pace.units()).isEqualTo(10);
    assertThat(pace.clean()).isEqualTo(9);
    assertThat(pace.median()).isEqualTo(1.0);
    assertThat(pace.slowestTenth()).isEqualTo(2.0);
    assertThat(pace.describe())
        .isEqualTo(
            "core 1 1.00× (slowest tenth 2.00×; 11% of 9 unpreempted units over 1.25×, 1"
                + " preempted)");
    // A window where no unit ran unpreempted says so rather than showing a pace.
    assertThat(CoreCanary.pace(1, REFERENCE, List.of(new Sample(3, 400_000, 1_400_000))).describe())
        .isEqualTo("core 1 no unit ran unpreempted (1 units)");
  }

  @Test
  void theReferenceIsTheMedianUnpreemptedUnit() {
    Sample reference =
        CoreCanary.reference(
            List.of(
                new Sample(1, 120_000, 120_000),
                new Sample(2, 100_000, 100_000),
                new Sample(3, 50_000, 900_000),
                new Sample(4, 110_000, 110_000)));

    assertThat(reference.cpuNanos()).isEqualTo(110_000);
  }

  @Test
  void splitsAConstantRateWindowsUnitsBySlicesWithSlowAnswers() {
    long start = 1_000_000;
    long slice = 100_000;
    boolean[] overTarget = {false, true, true, false};
    List<Sample> samples =
        List.of(
            new Sample(start + 50_000, 100_000, 100_000),
            new Sample(start + 150_000, 300_000, 300_000),
            new Sample(start + 250_000, 300_000, 300_000),
            new Sample(start + 350_000, 110_000, 110_000),
            // Before the window and after it: in neither.
            new Sample(start - 1, 900_000, 900_000),
            new Sample(start + 400_000, 900_000, 900_000));

    String split = CoreCanary.bySlices(1, REFERENCE, samples, start, slice, overTarget);

    assertThat(split)
        .isEqualTo(
            "core 1's pace in the slices where an arrival waited over the target: core 1 3.00×"
                + " (slowest tenth 3.00×; 100% of 2 unpreempted units over 1.25×, 0 preempted);"
                + " in the others: core 1 1.00× (slowest tenth 1.10×; 0% of 2 unpreempted units"
                + " over 1.25×, 0 preempted)");
  }

  @Test
  void measuresEachCoreOnThatCoreEvenAfterItsJvmWasMovedElsewhere() throws Exception {
    int lastCore = Runtime.getRuntime().availableProcessors() - 1;
    try (CoreCanary canary = CoreCanary.start(0, lastCore)) {
      Instant from = Instant.now();
      assertThat(canary.describeReferences())
          .startsWith(
              "a unit's reference CPU time (median of 40 before the servers started): core 0")
          .contains("; core " + lastCore + " ");
      // What the benchmark does to its own JVM before the load: every thread to the client core.
      taskset("-a", "-p", "-c", "0", Long.toString(ProcessHandle.current().pid()));
      canary.pin();
      assertThat(coresAllowed("core-canary-" + lastCore)).isEqualTo(Integer.toString(lastCore));

      List<Pace> paces = awaitUnits(canary, from, 3);

      assertThat(paces).extracting(Pace::core).containsExactly(0, lastCore);
      for (Pace pace : paces) {
        assertThat(pace.median()).isPositive().isFinite();
      }
      assertThat(CoreCanary.describe(paces))
          .startsWith(
              "the cores' pace (a fixed unit of work, 5 times every 250 ms, its CPU time against"
                  + " before the servers started): core 0 ");
    } finally {
      // Let the rest of this JVM's tests use every core again.
      taskset(
          "-a",
          "-p",
          "-c",
          "0-" + (Runtime.getRuntime().availableProcessors() - 1),
          Long.toString(ProcessHandle.current().pid()));
    }
  }

  private static List<Pace> awaitUnits(CoreCanary canary, Instant from, int units)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      List<Pace> paces = canary.window(from, Instant.now());
      if (paces.stream().allMatch(pace -> pace.clean() >= units) || System.nanoTime() > deadline) {
        return paces;
      }
      Thread.sleep(50);
    }
  }

  /** The cores the thread of this JVM named {@code name} may run on, as /proc lists them. */
  private static String coresAllowed(String name) throws IOException {
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        if (Files.readString(task.resolve("comm")).trim().equals(name)) {
          return Files.readAllLines(task.resolve("status")).stream()
              .filter(line -> line.startsWith("Cpus_allowed_list:"))
              .map(line -> line.substring(line.indexOf(':') + 1).strip())
              .findFirst()
              .orElseThrow();
        }
      }
    }
    throw new AssertionError("No thread named " + name);
  }

  private static void taskset(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("taskset"));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor()).isZero();
  }
}
