package io.insightmesh.decisions.log;

import io.insightmesh.decisions.log.DecisionLog.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A rough throughput probe, not a test: {@code threads} closed-loop appenders (each waits for its
 * acknowledgement, as an HTTP request thread does) for {@code seconds}, then prints records/s,
 * fsyncs/s, the mean group-commit size and append latency percentiles.
 *
 * <p>Run with {@code java -cp <test classpath> io.insightmesh.decisions.log.DecisionLogBenchmark
 * [threads] [seconds] [payloadBytes] [directory]}.
 */
public final class DecisionLogBenchmark {
  private DecisionLogBenchmark() {}

  /**
   * Runs the probe.
   *
   * @param args threads (16), seconds (10), payload bytes (600), directory (a temporary one)
   */
  public static void main(String[] args) throws Exception {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 16;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int payloadBytes = args.length > 2 ? Integer.parseInt(args[2]) : 600;
    boolean temporary = args.length <= 3;
    Path directory = temporary ? Files.createTempDirectory("decision-log-bench") : Path.of(args[3]);
    byte[] payload = new byte[payloadBytes];
    Arrays.fill(payload, (byte) 'd');
    AtomicBoolean running = new AtomicBoolean(true);
    List<long[]> latencies = new ArrayList<>();
    List<Thread> appenders = new ArrayList<>();
    long[] counts = new long[threads];
    try (DecisionLog log = DecisionLog.open(directory, Options.defaults())) {
      for (int t = 0; t < threads; t++) {
        long[] samples = new long[1 << 20];
        latencies.add(samples);
        int thread = t;
        appenders.add(
            new Thread(
                () -> {
                  long n = 0;
                  while (running.get()) {
                    long started = System.nanoTime();
                    log.append(payload).join();
                    samples[(int) (n++ % samples.length)] = System.nanoTime() - started;
                  }
                  counts[thread] = n;
                }));
      }
      long started = System.nanoTime();
      appenders.forEach(Thread::start);
      Thread.sleep(seconds * 1000L); // a benchmark's measurement window, not a test wait
      running.set(false);
      for (Thread appender : appenders) {
        appender.join();
      }
      double elapsed = (System.nanoTime() - started) / 1e9;
      LogStats stats = log.stats();
      long[] all =
          Stream.iterate(0, i -> i + 1)
              .limit(threads)
              .flatMapToLong(
                  i -> Arrays.stream(latencies.get(i), 0, (int) Math.min(counts[i], 1 << 20)))
              .sorted()
              .toArray();
      System.out.printf(
          "threads=%d payload=%dB records/s=%.0f fsyncs/s=%.0f avgBatch=%.1f maxBatch=%d"
              + " p50=%.2fms p99=%.2fms maxFsync=%.2fms%n",
          threads,
          payloadBytes,
          stats.records() / elapsed,
          stats.fsyncs() / elapsed,
          stats.averageBatchRecords(),
          stats.maxBatchRecords(),
          all[all.length / 2] / 1e6,
          all[(int) (all.length * 0.99)] / 1e6,
          stats.maxFsyncMicros() / 1e3);
    }
    if (temporary) {
      try (Stream<Path> files = Files.list(directory)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(directory);
    }
  }
}
