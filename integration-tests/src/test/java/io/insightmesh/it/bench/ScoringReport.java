package io.insightmesh.it.bench;

import io.insightmesh.it.bench.ScoringBenchmark.Machine;
import io.insightmesh.it.bench.ScoringBenchmark.Run;
import io.insightmesh.it.bench.ScoringBenchmark.Settings;
import io.insightmesh.it.bench.ScoringBenchmark.Visibility;
import io.insightmesh.sdk.launcher.Component;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/** The table and latency-by-percentile plot of a scoring benchmark run. */
final class ScoringReport {
  private static final double REAL_PEAK = 63;
  static final double P99_TARGET_MILLIS = 5;
  private static final double VISIBLE_P99_TARGET_MILLIS = 3000;
  private static final String[] COLOURS = {"#9e9e9e", "#1565c0", "#c62828"};

  private ScoringReport() {}

  static void write(
      Path out,
      Settings settings,
      Machine machine,
      Run echo,
      Run saturated,
      Run constant,
      Visibility visibility,
      List<Run> echoRounds,
      List<Run> engineRounds,
      List<String> log) {
    double e = echo.okPerSecond();
    double throughputTarget = Math.max(0.5 * e, 200 * REAL_PEAK);
    double visibleP99 = visibility.micros().getValueAtPercentile(99) / 1000.0;
    StringBuilder md = new StringBuilder();
    md.append("# Scoring engine benchmark: throughput, latency and visibility\n\n")
        .append("Produced by `./mesh bench scoring` on ")
        .append(LocalDate.now())
        .append(
            String.format(
                Locale.ROOT,
                " on %s (%d cores), %s.",
                machine.cpu(),
                machine.cores(),
                machine.java()))
        .append(" The machine, as the benchmark measured it before starting the servers: ")
        .append(machine.fingerprint().describe())
        .append(
            " (medians of a few seconds' probes; compare them before comparing results across"
                + " runs: machines of the same kind have differed 2.6× in the echo's requests/s).")
        .append(" Also before them, ")
        .append(machine.fingerprint().disk().describe())
        .append(
            ": an answer leaves only once its decision's fsync has returned, so this is the floor"
                + " under (c) on this disk, whatever the engine does.")
        .append(" Load average (1, 5, 15 min) before the run: ")
        .append(machine.loadBefore())
        .append("; after: ")
        .append(machine.loadAfter())
        .append(". The load generator runs pinned to core ")
        .append(settings.clientCore())
        .append(" (`taskset -c`), the server under test — the echo service, or the engine with the")
        .append(" catalog it commits to — to core ")
        .append(settings.serverCore())
        .append(" (`taskset -a -p`, every thread); the benchmark's own JVM (idle Spark, the")
        .append(" table poller of (d)) joins the generator's core once the releases are published")
        .append(
            settings.quietClient()
                ? ", and for (c) runs at `SCHED_IDLE`, so that the generator's thread takes the core"
                    + " from it the moment it wakes (its own policy stays the default)."
                : ", at the default scheduling policy throughout (`--quiet-client=false`).")
        .append(
            " Every server is a packaged `quarkus-run.jar` with `-Xmx1g` but the engine, which runs"
                + " with `"
                + String.join(" ", settings.engineJvmOptions())
                + "`: what `./mesh up` gives it with `MESH_ENGINE_HEAP="
                + ScoringBenchmark.ENGINE_HEAP
                + " MESH_ENGINE_OFF_HEAP="
                + ScoringBenchmark.ENGINE_OFF_HEAP
                + " MESH_ENGINE_EVENT_LOOPS="
                + ScoringBenchmark.ENGINE_EVENT_LOOPS
                + "` (a fixed heap, because it keeps every claim it decides in memory, their bytes"
                + " in buffers off the heap, ADR 0027, marked only once 80 % full, ADR 0020, the"
                + " JIT directives of ADR 0011, no periodic"
                + " safepoints, ADR 0014, and an event loop for each core it runs on, ADR 0016),"
                + " then any `--engine-jvm-options` of the run; the benchmark turns on its GC log"
                + " at run time (`jcmd VM.log`), which is where each window's pauses come from."
                + " The echo"
                + " service and the engine both serve HTTP on Netty's epoll transport (ADR 0013).\n\n")
        .append(warmupWarning(echoRounds, engineRounds, constant))
        .append(heapWarning(engineRounds, constant))
        .append("![latency by percentile](scoring.svg)\n\n")
        .append("| measurement | result | target | met |\n|---|---:|---|---|\n");
    md.append(
        String.format(
            Locale.ROOT,
            "| (a) E: plain Quarkus JSON echo, saturated | %,.0f requests/s | baseline | |%n",
            e));
    md.append(
        String.format(
            Locale.ROOT,
            "| (b) engine, saturated, durable log | %,.0f claims/s (%.2f× E) | ≥ 0.5× E (%,.0f/s) and ≥ 12,600/s | %s |%n",
            saturated.okPerSecond(),
            saturated.okPerSecond() / e,
            0.5 * e,
            met(saturated.okPerSecond() >= throughputTarget && saturated.errors() == 0)));
    md.append(
        String.format(
            Locale.ROOT,
            "| (c) engine at %,.0f claims/s (open loop): p50 / p99 / p99.9 | %.2f / %.2f / %.2f ms (max %.1f ms, achieved %,.0f/s, %d errors) | p99 ≤ 5 ms | %s |%n",
            settings.rate(),
            constant.millisAt(50),
            constant.millisAt(99),
            constant.millisAt(99.9),
            constant.millisAt(100),
            constant.completedPerSecond(),
            constant.errors(),
            met(constant.millisAt(99) <= P99_TARGET_MILLIS && constant.errors() == 0)));
    md.append(
        String.format(
            Locale.ROOT,
            "| (d) 2xx → visible in `risk.decisions_v1`: p50 / p99 | %,.0f / %,.0f ms (max %,.0f ms; %,d claims, %,d not seen) | p99 ≤ 3 s | %s |%n",
            visibility.micros().getValueAtPercentile(50) / 1000.0,
            visibleP99,
            visibility.micros().getMaxValue() / 1000.0,
            visibility.micros().getTotalCount(),
            visibility.unseen(),
            met(visibleP99 <= VISIBLE_P99_TARGET_MILLIS && visibility.unseen() == 0)));
    md.append(
            "\nEvery run, latency by percentile (ms; saturated runs measure from the actual send,")
        .append(" the constant-rate run from each request's intended send time):\n\n")
        .append(
            "| run | 2xx/s | p50 | p90 | p99 | p99.9 | p99.99 | max | statuses | I/O errors | timeouts | warm-up |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|\n");
    for (Run run : List.of(echo, saturated, constant)) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %,.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %d | %d | %s |%n",
              run.name(),
              run.okPerSecond(),
              run.millisAt(50),
              run.millisAt(90),
              run.millisAt(99),
              run.millisAt(99.9),
              run.millisAt(99.99),
              run.millisAt(100),
              run.statuses().replace("=", ": "),
              run.ioErrors(),
              run.timeouts(),
              run == constant
                  ? "saturated "
                      + run.saturatedBefore().describe()
                      + ", then at the rate "
                      + run.warmup().describe()
                  : run.warmup().describe()));
    }
    md.append(logFsyncs(saturated, constant));
    md.append(
            "\nSaturated rounds, alternating (2xx/s; the table above takes each side's median), and"
                + " how fast the server's core was in each window: the median of a fixed unit of"
                + " work run on it "
                + CoreCanary.UNITS_PER_PERIOD
                + " times every "
                + CoreCanary.PERIOD_MILLIS
                + " ms, its CPU time as a multiple of the same unit's before the servers started"
                + " (1.00: as fast; 1.50: the same work took half as long again; the host's doing,"
                + " not the server's, since the unit shares nothing with it):\n\n")
        .append(
            "| round | echo | engine | engine ÷ echo | echo's core | engine's core | echo warm-up |"
                + " engine warm-up |\n"
                + "|---:|---:|---:|---:|---:|---:|---|---|\n");
    for (int round = 0; round < echoRounds.size(); round++) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %,.0f | %,.0f | %.2f | %s | %s | %s | %s |%n",
              round + 1,
              echoRounds.get(round).okPerSecond(),
              engineRounds.get(round).okPerSecond(),
              engineRounds.get(round).okPerSecond() / echoRounds.get(round).okPerSecond(),
              pace(echoRounds.get(round).serverPace()),
              pace(engineRounds.get(round).serverPace()),
              echoRounds.get(round).warmup().describe(),
              engineRounds.get(round).warmup().describe()));
    }
    md.append(
        String.format(
            Locale.ROOT,
            "%nThe server's core in the constant-rate window, by the same measure: %s.%n",
            pace(constant.serverPace())));
    md.append(
            String.format(
                Locale.ROOT,
                "%nSettings: %d rounds; each saturated run warms for at least %d s, then until the"
                    + " 2xx/s of three consecutive 5 s windows differ by less than 5%% and the JIT compilers on"
                    + " the server's core used under 5%% of a core in each of them (at most %d s),"
                    + " and measures %d s, starting a second after the load generator has collected"
                    + " its own garbage (each run's output says whether it collected again inside the"
                    + " window, which would have sent requests late); the constant-rate run is"
                    + " preceded by such a saturated"
                    + " warm-up, then warms at its rate by the same rule, each window answering within 5%% of"
                    + " the rate (new connections send the"
                    + " server's event loops down paths its compiled code had not seen); %d keep-alive"
                    + " connections, %,d generated claims as templates (each request gets a claim id"
                    + " of its own), the table polled every 50 ms for (d) with the catalog's ETag, an"
                    + " unchanged table answered 304 (%d snapshots seen).%n",
                settings.rounds(),
                settings.warmupSeconds(),
                settings.warmupMaxSeconds(),
                settings.seconds(),
                settings.connections(),
                settings.claims(),
                visibility.snapshots()))
        .append("\nThe output of this run:\n\n```\n");
    log.forEach(line -> md.append(line).append('\n'));
    md.append("```\n");
    ReportFiles.writeKeepingNotes(out.resolve("scoring.md"), md.toString());
    try {
      Files.writeString(out.resolve("scoring.svg"), svg(List.of(echo, saturated, constant)));
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /**
   * The engine runs' decision-log fsyncs: an answer leaves only once its decision's fsync has
   * returned, so at the constant rate the disk's tail is part of the answers' tail, whatever the
   * engine's CPU does.
   */
  private static String pace(CoreCanary.Pace pace) {
    return pace == null || pace.clean() == 0
        ? "not measured"
        : String.format(Locale.ROOT, "%.2f×", pace.median());
  }

  private static String logFsyncs(Run saturated, Run constant) {
    StringBuilder md =
        new StringBuilder(
            "\nThe decision log's fsyncs in the engine runs' windows (the engine's"
                + " `mesh_engine_log_fsync_seconds` histogram, so bounds of its buckets): an answer"
                + " leaves only once its decision's fsync has returned, so a slow fsync holds every"
                + " answer of its group commit and every arrival queued behind it.\n\n"
                + "| run | fsyncs | p50 | p99 | p99.9 | slowest |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
    for (Run run : List.of(saturated, constant)) {
      WindowHistogram fsyncs = run.logFsyncs();
      if (fsyncs.count() == 0) {
        md.append(String.format(Locale.ROOT, "| %s | none measured | | | | |%n", run.name()));
        continue;
      }
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %,.0f | %s |%n",
              run.name(),
              fsyncs.count(),
              String.join(" | ", fsyncs.quantileCells())));
    }
    return md.toString();
  }

  /**
   * A paragraph naming every run whose warm-up hit the cap: its figures may still include the JIT's
   * work on the server's core, so the table above understates the server.
   */
  private static String warmupWarning(List<Run> echoRounds, List<Run> engineRounds, Run constant) {
    List<String> capped = new java.util.ArrayList<>();
    for (int round = 0; round < echoRounds.size(); round++) {
      if (echoRounds.get(round).warmup().capped()) {
        capped.add("echo round " + (round + 1));
      }
      if (engineRounds.get(round).warmup().capped()) {
        capped.add("engine round " + (round + 1));
      }
    }
    if (constant.saturatedBefore().capped()) {
      capped.add("the engine before the constant rate");
    }
    if (constant.warmup().capped()) {
      capped.add("the engine at the constant rate");
    }
    boolean fixed =
        constant.warmup().outcome().equals("fixed")
            || echoRounds.stream().anyMatch(run -> run.warmup().outcome().equals("fixed"));
    if (capped.isEmpty()) {
      return fixed
          ? "The warm-ups were fixed (`--warmup-max-seconds` not above `--warmup-seconds`): whether"
              + " the servers were steady was not checked.\n\n"
          : "Every warm-up reached steady state (three consecutive 5 s windows within 5%, the"
              + " JIT compilers on the server's core under 5% of a core in each).\n\n";
    }
    return "**Not steady:** the warm-up of "
        + String.join(", ", capped)
        + " reached the cap before three consecutive 5 s windows agreed within 5%; its figures may"
        + " still include JIT compilation on the server's core.\n\n";
  }

  /**
   * A paragraph naming every engine window whose old generation was past G1's marking line: there
   * the kept claims, not the claims in flight, set the pauses, so the window measured the heap the
   * rounds before it had filled as much as the engine. Empty when none was.
   */
  static String heapWarning(List<Run> engineRounds, Run constant) {
    List<String> windows = new java.util.ArrayList<>();
    List<Run> runs = new java.util.ArrayList<>(engineRounds);
    runs.add(constant);
    for (int i = 0; i < runs.size(); i++) {
      ScoringBenchmark.EngineHeap heap = runs.get(i).heap();
      if (heap == null || !heap.pastMarkingLine()) {
        continue;
      }
      GcLog.Window gc = heap.gc();
      windows.add(
          (i < engineRounds.size() ? "engine round " + (i + 1) : "the constant-rate run")
              + " ("
              + heap.describe()
              + (gc == null
                  ? ""
                  : String.format(
                      Locale.ROOT,
                      "; %d concurrent cycles and %.0f ms paused in the window",
                      gc.cycles(),
                      gc.totalMillis()))
              + ")");
    }
    if (windows.isEmpty()) {
      return "";
    }
    return "**Heap past G1's marking line:** the engine's old generation, after its last"
        + " collection, was past the "
        + Component.ENGINE_MARKING_OCCUPANCY_PERCENT
        + " % at which its G1 starts marking (ADR 0020) in "
        + String.join(", ", windows)
        + ". Nearly all of it is what the engine keeps for every claim it decided, the rounds"
        + " before included (the tables and the search index's postings; the claims' bytes are off"
        + " the heap, ADR 0027), which no collection frees, so those windows' figures are partly"
        + " the filled heap's: the operator guide sizes the heap at three times what stays on"
        + " it.\n\n";
  }

  private static String met(boolean met) {
    return met ? "yes" : "**no**";
  }

  /**
   * Latency against percentile, both on log scales (the percentile axis as 1 / (1 − p), as
   * HdrHistogram plots it), with the 5 ms p99 target drawn in.
   */
  private static String svg(List<Run> runs) {
    int width = 900;
    int height = 480;
    int left = 80;
    int right = 220;
    int top = 50;
    int bottom = 60;
    double[] percentiles = {0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999};
    double minMillis = Double.MAX_VALUE;
    double maxMillis = 0;
    for (Run run : runs) {
      for (double percentile : percentiles) {
        double millis = Math.max(run.millisAt(percentile), 0.01);
        minMillis = Math.min(minMillis, millis);
        maxMillis = Math.max(maxMillis, millis);
      }
    }
    maxMillis = Math.max(maxMillis, P99_TARGET_MILLIS);
    int lowDecade = (int) Math.floor(Math.log10(minMillis));
    int highDecade = (int) Math.ceil(Math.log10(maxMillis));
    if (highDecade == lowDecade) {
      highDecade++;
    }
    double plotWidth = width - left - right;
    double plotHeight = height - top - bottom;
    int lowDecadeFinal = lowDecade;
    int highDecadeFinal = highDecade;
    java.util.function.DoubleUnaryOperator x =
        percentile -> left + plotWidth * Math.log10(1 / (1 - percentile / 100.0)) / 5.0;
    java.util.function.DoubleUnaryOperator y =
        millis ->
            top
                + plotHeight
                    * (1
                        - (Math.log10(Math.max(millis, 0.01)) - lowDecadeFinal)
                            / (highDecadeFinal - lowDecadeFinal));
    StringBuilder svg =
        Svg.start(width, height, "Latency by percentile (ms, log scales, lower is better)");
    for (int decade = lowDecade; decade <= highDecade; decade++) {
      double millis = Math.pow(10, decade);
      double at = y.applyAsDouble(millis);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>%n"
                  + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
              left,
              at,
              left + plotWidth,
              at,
              left - 6,
              at + 4,
              millis >= 1 ? String.format(Locale.ROOT, "%,.0f", millis) : Double.toString(millis)));
    }
    String[] labels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
    double[] marks = {0, 90, 99, 99.9, 99.99, 99.999};
    for (int index = 0; index < marks.length; index++) {
      double at = x.applyAsDouble(marks[index]);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>%n"
                  + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
              at,
              top,
              at,
              top + plotHeight,
              at,
              top + plotHeight + 18,
              labels[index]));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n",
            left + plotWidth / 2,
            height - 14));
    double target = y.applyAsDouble(P99_TARGET_MILLIS);
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#2e7d32\""
                + " stroke-dasharray=\"6,4\"/>%n<text x=\"%.1f\" y=\"%.1f\" fill=\"#2e7d32\">"
                + "5 ms (p99 target at the constant rate)</text>%n",
            left,
            target,
            left + plotWidth,
            target,
            left + plotWidth + 8,
            target + 4));
    for (int index = 0; index < runs.size(); index++) {
      Run run = runs.get(index);
      StringBuilder points = new StringBuilder();
      for (double percentile : percentiles) {
        points.append(
            String.format(
                Locale.ROOT,
                "%.1f,%.1f ",
                x.applyAsDouble(percentile),
                y.applyAsDouble(run.millisAt(percentile))));
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n"
                  + "<rect x=\"%.1f\" y=\"%d\" width=\"14\" height=\"4\" fill=\"%s\"/>%n"
                  + "<text x=\"%.1f\" y=\"%d\">%s</text>%n",
              points.toString().trim(),
              COLOURS[index],
              left + plotWidth + 8,
              top + 20 + index * 36,
              COLOURS[index],
              left + plotWidth + 28,
              top + 26 + index * 36,
              run.name()));
    }
    svg.append("</svg>\n");
    return svg.toString();
  }
}
