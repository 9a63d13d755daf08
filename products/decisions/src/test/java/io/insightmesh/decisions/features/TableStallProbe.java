package io.insightmesh.decisions.features;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.decisions.compact.ClaimRecords;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.UUID;

/**
 * Which single calls of the engine's per-claim tables stall the calling thread (the event loop):
 * records {@code n} claims of unique claim ids into {@link VelocityCounters} (so the claim-id table
 * reaches its maximum of keys and sweeps), then adds {@code n} claim ids to {@link ClaimRecords}
 * (so it doubles several times), and prints every call over 2 ms during which no garbage collection
 * ran, with its position. Not a test: run {@code java -Xms6g -Xmx6g -cp <decisions test class path>
 * io.insightmesh.decisions.features.TableStallProbe 2500000}, pinned to one core as the engine's
 * event loop is.
 */
public final class TableStallProbe {
  private static final long SLOW_NANOS = 2_000_000;

  private TableStallProbe() {}

  /** Runs the probe: the argument is the number of claims. */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2_500_000;
    VelocityCounters velocity = new VelocityCounters(VelocitySettings.standard());
    Claim template = TestClaims.seiss().build();
    Stalls stalls = new Stalls("velocity record");
    for (int i = 0; i < n; i++) {
      Claim claim =
          Claim.newBuilder(template)
              .setClaimId(UUID.randomUUID().toString())
              .setDeviceId(Long.toHexString(i % 60_000))
              .setBankAccountNumber(Integer.toString(10_000_000 + i % 97_000))
              .setSubmittedAt(TestClaims.SUBMITTED_AT.plusSeconds(i % 20_000))
              .build();
      long collections = collections();
      long start = System.nanoTime();
      velocity.record(claim);
      stalls.check(i, System.nanoTime() - start, collections);
    }
    stalls.print();
    ClaimRecords records = new ClaimRecords();
    byte[] payload = new byte[300];
    stalls = new Stalls("claim records add");
    for (int i = 0; i < n; i++) {
      String claimId = UUID.randomUUID().toString();
      long collections = collections();
      long start = System.nanoTime();
      records.add(claimId, payload);
      stalls.check(i, System.nanoTime() - start, collections);
    }
    stalls.print();
  }

  private static long collections() {
    long count = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      count += collector.getCollectionCount();
    }
    return count;
  }

  private static final class Stalls {
    private final String call;
    private int slow;
    private long slowNanos;

    Stalls(String call) {
      this.call = call;
    }

    void check(int position, long nanos, long collectionsBefore) {
      // A collection during the call is the collector's stall, not the table's.
      if (nanos > SLOW_NANOS && collections() == collectionsBefore) {
        slow++;
        slowNanos += nanos;
        System.out.printf("%s %,d took %.1f ms%n", call, position, nanos / 1e6);
      }
    }

    void print() {
      System.out.printf("%s: %d calls over 2 ms, %.0f ms in all%n", call, slow, slowNanos / 1e6);
    }
  }
}
