package io.insightmesh.decisions.record;

import java.time.Instant;

/**
 * A rough single-thread throughput probe of the log payload codec, not a test: encodes and decodes
 * a full sample for {@code seconds} each after a warm-up, then prints records/s and payload size.
 * Then the three forms the engine keeps of each decided claim ({@code encodeAll}) against the same
 * three from two calls that encode the decision twice (the log's form and the decision alone), as
 * {@code encodeAll} did before it shared the decision's leading fields: three rounds each,
 * alternating.
 *
 * <p>Run with {@code java -cp <test classpath>
 * io.insightmesh.decisions.record.AssessedClaimCodecBenchmark [seconds]}.
 */
public final class AssessedClaimCodecBenchmark {
  private AssessedClaimCodecBenchmark() {}

  /**
   * Runs the probe.
   *
   * @param args seconds per phase (5)
   */
  public static void main(String[] args) {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 5;
    AssessedClaimCodec codec = new AssessedClaimCodec();
    AssessedClaim[] records = new AssessedClaim[1024];
    for (int i = 0; i < records.length; i++) {
      records[i] = i % 4 == 0 ? Samples.minimal(i, Instant.now()) : Samples.full(i, Instant.now());
    }
    byte[][] payloads = new byte[records.length][];
    long bytes = 0;
    for (int i = 0; i < records.length; i++) {
      payloads[i] = codec.encode(records[i]);
      bytes += payloads[i].length;
    }
    run("warm-up encode", 2, n -> codec.encode(records[n & 1023]).length);
    run("warm-up decode", 2, n -> codec.decode(payloads[n & 1023]).hashCode());
    run("encode", seconds, n -> codec.encode(records[n & 1023]).length);
    run("decode", seconds, n -> codec.decode(payloads[n & 1023]).hashCode());
    for (int round = 0; round < 3; round++) {
      run(
          "three forms, decision encoded twice",
          seconds,
          n -> {
            AssessedClaim record = records[n & 1023];
            return codec.encode(record).length + codec.encodeDecision(record.decision()).length;
          });
      run("three forms, encodeAll", seconds, n -> codec.encodeAll(records[n & 1023]).log().length);
    }
    System.out.printf("mean payload: %d bytes%n", bytes / records.length);
  }

  private interface Step {
    int apply(int n);
  }

  private static void run(String name, long seconds, Step step) {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    long started = System.nanoTime();
    int n = 0;
    long sink = 0;
    while ((n & 1023) != 0 || System.nanoTime() < deadline) {
      sink += step.apply(n++);
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    System.out.printf("%s: %,.0f records/s (%d)%n", name, n / elapsed, sink & 1);
  }
}
