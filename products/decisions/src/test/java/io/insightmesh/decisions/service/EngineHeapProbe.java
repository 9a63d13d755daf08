package io.insightmesh.decisions.service;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.decisions.assess.AssessmentService;
import io.insightmesh.decisions.assess.ClaimParser;
import io.insightmesh.decisions.cases.DecisionStats;
import io.insightmesh.decisions.features.BlockLists;
import io.insightmesh.decisions.features.VelocityCounters;
import io.insightmesh.decisions.features.VelocitySettings;
import io.insightmesh.decisions.log.DecisionLog;
import io.insightmesh.decisions.rules.CompiledRuleset;
import io.insightmesh.decisions.rules.RuleEngine;
import io.insightmesh.decisions.rules.RulesetLoader;
import io.insightmesh.decisions.search.ClaimIndex;
import io.insightmesh.decisions.table.DecisionCommitter;
import io.insightmesh.decisions.table.DecisionTable;
import io.insightmesh.decisions.table.TestCatalogs;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * A memory and GC probe of the engine's request path, not a test: decides {@code claims} claims
 * (the benchmark's claim templates, each with a claim id of its own) through the real assessment
 * service, decision log (fsync'd, group commit), search index, stats and velocity counters, with up
 * to 64 in flight as the benchmark's connections keep them, and prints the GC pauses and CPU per
 * claim, the bytes each young pause copied (from JFR's G1 evacuation statistics) per claim decided
 * since the pause before, then the live heap per decided claim after a full GC and the class
 * histogram's top.
 *
 * <p>Options (system properties): {@code probe.committer} also runs the decision committer into an
 * Iceberg table (H2 catalog, local warehouse) as the service does, committing every second; {@code
 * probe.rate} paces the claims at that many a second (the benchmark's 6,300, say), so that pauses
 * and commits fall as often per claim as in the benchmark; {@code probe.without-index} leaves out
 * the search index; {@code probe.table-properties} ({@code key=value,...}) sets table properties
 * before the committer starts (Parquet writer settings, say). Comparing runs with and without a
 * part says what that part makes pauses copy.
 *
 * <p>Run with {@code java -Xmx3g -cp <test classpath>
 * io.insightmesh.decisions.service.EngineHeapProbe <claims.jsonl> [claims] [log directory]}; the
 * templates are the file {@code ./mesh bench scoring} writes
 * (integration-tests/target/bench-scoring/claims.jsonl).
 */
public final class EngineHeapProbe {
  private EngineHeapProbe() {}

  public static void main(String[] args) throws Exception {
    List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
    int claims = args.length > 1 ? Integer.parseInt(args[1]) : 300_000;
    Path directory =
        args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("engine-heap-probe");
    ClaimParser parser = new ClaimParser();
    Claim[] templates = new Claim[lines.size()];
    for (int i = 0; i < templates.length; i++) {
      templates[i] = parser.parse(lines.get(i).getBytes(StandardCharsets.UTF_8));
    }
    RuleEngine rules =
        new RuleEngine(
            CompiledRuleset.compile(RulesetLoader.shipped()),
            new VelocityCounters(VelocitySettings.standard()),
            new BlockLists());
    int rate = Integer.getInteger("probe.rate", 0);
    org.apache.iceberg.jdbc.JdbcCatalog catalog = null;
    DecisionCommitter committer = null;
    try (DecisionLog log =
        DecisionLog.open(directory.resolve("log"), DecisionLog.Options.defaults())) {
      if (Boolean.getBoolean("probe.committer")) {
        catalog = TestCatalogs.open(directory);
        org.apache.iceberg.Table table = DecisionTable.createOrLoad(catalog);
        String properties = System.getProperty("probe.table-properties", "");
        if (!properties.isEmpty()) {
          org.apache.iceberg.UpdateProperties update = table.updateProperties();
          for (String property : properties.split(",")) {
            String[] keyValue = property.split("=", 2);
            update.set(keyValue[0], keyValue[1]);
          }
          update.commit();
        }
        committer = new DecisionCommitter(log, table, DecisionCommitter.Options.defaults()).start();
      }
      AssessmentService assessments = new AssessmentService(rules, log, Clock.systemUTC());
      ClaimIndex index = new ClaimIndex();
      if (!Boolean.getBoolean("probe.without-index")) {
        assessments.listen(index);
      }
      assessments.listen(new DecisionStats());
      // Warm-up: the JIT, not the heap, is what the first claims measure.
      run(assessments, templates, claims / 10, rate, null);
      long heapBefore = liveHeap();
      long[] gcBefore = gc();
      long cpuBefore = cpu();
      long gcCpuBefore = gcThreadsCpu();
      Recording recording = new Recording();
      recording.enable("jdk.G1EvacuationYoungStatistics");
      recording.enable("jdk.G1EvacuationOldStatistics");
      recording.enable("jdk.YoungGarbageCollection");
      recording.start();
      long[] progress = new long[claims / PROGRESS_STEP + 2];
      long start = System.nanoTime();
      run(assessments, templates, claims, rate, progress);
      long wall = System.nanoTime() - start;
      recording.stop();
      Path jfr = directory.resolve("probe.jfr");
      recording.dump(jfr);
      recording.close();
      long cpu = cpu() - cpuBefore;
      long gcCpu = gcThreadsCpu() - gcCpuBefore;
      long[] gcAfter = gc();
      long heapAfter = liveHeap();
      int decided = claims;
      System.out.printf(
          "decided %,d claims in %.1f s: %.1f µs CPU per claim (all threads), %d GC pauses,"
              + " %d ms paused (%.2f ms per thousand claims)%n",
          decided,
          wall / 1e9,
          cpu / 1e3 / decided,
          gcAfter[0] - gcBefore[0],
          gcAfter[1] - gcBefore[1],
          (gcAfter[1] - gcBefore[1]) * 1000.0 / decided);
      System.out.printf(
          "GC threads' CPU: %.2f s, %.2f µs per claim%n", gcCpu / 1e9, gcCpu / 1e3 / decided);
      System.out.printf(
          "live heap after a full GC: %,d → %,d bytes, %.0f bytes per decided claim%n",
          heapBefore, heapAfter, (heapAfter - heapBefore) / (double) decided);
      copied(jfr, progress);
      histogram();
      // Keeps everything reachable until measured.
      System.out.println("known claims " + assessments.knownClaims() + ", indexed " + index.size());
      if (committer != null) {
        committer.close();
        System.out.println("committed " + committer.stats().records() + " records");
      }
    } finally {
      if (catalog != null) {
        catalog.close();
      }
    }
  }

  private static final int PROGRESS_STEP = 1024;

  /**
   * Per young pause, the bytes G1 evacuated (copied into survivor and old regions: PLAB bytes used
   * plus those allocated directly), and those per claim decided since the pause before; {@code
   * progress} holds the wall-clock millis at every {@value #PROGRESS_STEP}th claim.
   */
  private static void copied(Path jfr, long[] progress) throws Exception {
    java.util.Map<Long, long[]> pauses = new java.util.TreeMap<>();
    for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
      String type = event.getEventType().getName();
      if (type.equals("jdk.YoungGarbageCollection")) {
        long id = event.getLong("gcId");
        pauses.computeIfAbsent(id, k -> new long[3])[0] = event.getStartTime().toEpochMilli();
      } else if (type.endsWith("EvacuationYoungStatistics")
          || type.endsWith("EvacuationOldStatistics")) {
        jdk.jfr.consumer.RecordedObject statistics = event.getValue("statistics");
        long id = statistics.getLong("gcId");
        long bytes = statistics.getLong("used") + statistics.getLong("directAllocated");
        pauses.computeIfAbsent(id, k -> new long[3])[type.contains("Young") ? 1 : 2] += bytes;
      }
    }
    List<Double> perClaim = new ArrayList<>();
    long totalBytes = 0;
    long totalToSurvivors = 0;
    long previousClaims = -1;
    for (long[] pause : pauses.values()) {
      if (pause[0] == 0) {
        continue;
      }
      long decided = claimsAt(progress, pause[0]);
      long bytes = pause[1] + pause[2];
      if (previousClaims >= 0 && decided > previousClaims) {
        perClaim.add(bytes / (double) (decided - previousClaims));
        totalBytes += bytes;
        totalToSurvivors += pause[1];
      }
      System.out.printf(
          "pause at claim %,d: %,d bytes to survivors, %,d to old%n", decided, pause[1], pause[2]);
      previousClaims = decided;
    }
    perClaim.sort(null);
    if (!perClaim.isEmpty()) {
      System.out.printf(
          "young pauses copied %,d bytes (%,d to survivors) over %d pauses: per claim decided"
              + " since the pause before, median %.0f, max %.0f bytes%n",
          totalBytes,
          totalToSurvivors,
          perClaim.size(),
          perClaim.get(perClaim.size() / 2),
          perClaim.get(perClaim.size() - 1));
    }
  }

  private static long claimsAt(long[] progress, long millis) {
    long claims = 0;
    for (int i = 0; i < progress.length && progress[i] != 0 && progress[i] <= millis; i++) {
      claims = (long) i * PROGRESS_STEP;
    }
    return claims;
  }

  private static void run(
      AssessmentService assessments, Claim[] templates, int claims, int rate, long[] progress)
      throws Exception {
    ArrayDeque<CompletableFuture<Decision>> inFlight = new ArrayDeque<>();
    long start = System.nanoTime();
    for (int i = 0; i < claims; i++) {
      if (progress != null && i % PROGRESS_STEP == 0) {
        progress[i / PROGRESS_STEP] = System.currentTimeMillis();
      }
      if (rate > 0) {
        long due = start + i * TimeUnit.SECONDS.toNanos(1) / rate;
        long early = due - System.nanoTime();
        if (early > 0) {
          LockSupport.parkNanos(early);
        }
      }
      Claim claim = Claim.newBuilder(templates[i % templates.length]).build();
      claim.setClaimId(UUID.randomUUID().toString());
      if (inFlight.size() == 64) {
        inFlight.poll().get();
      }
      inFlight.add(assessments.assess(claim));
    }
    for (CompletableFuture<Decision> future : inFlight) {
      future.get();
    }
  }

  private static long liveHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** {pauses, ms paused} of the young and mixed collections (the G1 young generation bean). */
  private static long[] gc() {
    long count = 0;
    long millis = 0;
    for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (!bean.getName().contains("Old")) {
        count += bean.getCollectionCount();
        millis += bean.getCollectionTime();
      }
    }
    return new long[] {count, millis};
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * CPU time of the JVM's GC threads (G1's workers, concurrent and refinement threads), from /proc:
   * on a shared machine a pause's wall time says more about the other processes than about the
   * collector's work.
   */
  private static long gcThreadsCpu() throws Exception {
    long ticks = 0;
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        String name;
        String stat;
        try {
          name = Files.readString(task.resolve("comm")).strip();
          stat = Files.readString(task.resolve("stat"));
        } catch (java.io.IOException gone) {
          continue;
        }
        if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
      }
    }
    // USER_HZ is 100 on Linux.
    return ticks * 10_000_000L;
  }

  private static void histogram() throws Exception {
    Process jcmd =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(ProcessHandle.current().pid()),
                "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    List<String> out =
        new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    jcmd.waitFor();
    out.stream().limit(24).forEach(System.out::println);
  }
}
