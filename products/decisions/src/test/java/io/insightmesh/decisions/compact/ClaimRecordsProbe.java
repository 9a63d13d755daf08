package io.insightmesh.decisions.compact;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * What the engine's per-claim table lookups cost once it holds millions of claims: thread CPU per
 * add of a new claim id (a lookup that misses, then the insert) and per lookup of a held one. Not a
 * test: run its {@code main} on the test class path, {@code java -XX:+UseTransparentHugePages
 * -Xms8g -Xmx8g -cp <test classpath> io.insightmesh.decisions.compact.ClaimRecordsProbe [claims]
 * [rounds]}, pinned to one core ({@code taskset -c 1}) and with the engine's heap options, so that
 * cache and TLB misses are the engine's.
 */
public final class ClaimRecordsProbe {
  private ClaimRecordsProbe() {}

  public static void main(String[] args) {
    int claims = args.length > 0 ? Integer.parseInt(args[0]) : 3_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    // The engine's payload a claim is its encoded decision, a few hundred bytes.
    byte[] payload = new byte[320];
    SplittableRandom random = new SplittableRandom(42);
    long sink = 0;
    for (int round = 1; round <= rounds; round++) {
      String[] ids = new String[claims];
      for (int i = 0; i < claims; i++) {
        ids[i] = new UUID(random.nextLong(), random.nextLong()).toString();
      }
      ClaimRecords records = new ClaimRecords();
      long started = threads.getCurrentThreadCpuTime();
      for (String id : ids) {
        sink += records.add(id, payload);
      }
      long added = threads.getCurrentThreadCpuTime() - started;
      started = threads.getCurrentThreadCpuTime();
      // In the order added: the claim ids' own objects are then read in allocation order, and the
      // cache misses measured are the table's, whose slots are at random by hash.
      for (String id : ids) {
        sink += records.id(id);
      }
      long found = threads.getCurrentThreadCpuTime() - started;
      System.out.printf(
          "round %d: %d claims; add %.0f ns, lookup of a held claim %.0f ns (thread CPU)%n",
          round, claims, (double) added / claims, (double) found / claims);
    }
    System.out.println("(sink " + sink + ")");
  }
}
