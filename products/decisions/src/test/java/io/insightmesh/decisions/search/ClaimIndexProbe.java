package io.insightmesh.decisions.search;

import static io.insightmesh.decisions.search.IndexedClaims.claim;
import static io.insightmesh.decisions.search.IndexedClaims.decided;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.risk.Outcome;
import java.util.Random;

/**
 * A rough throughput and memory probe of {@link ClaimIndex}, not a test: feeds {@code claims}
 * synthetic assessed claims (one thread, as the decision log's completion thread does), then times
 * exact lookups, fuzzy name lookups with two typos, and links, and prints the heap and the memory
 * off it used per claim.
 *
 * <p>Run with {@code java -Xmx4g -cp <test classpath>
 * io.insightmesh.decisions.search.ClaimIndexProbe [claims] [lookups]}.
 */
public final class ClaimIndexProbe {
  private static final String[] FIRST = {
    "James",
    "Mary",
    "John",
    "Patricia",
    "Robert",
    "Jennifer",
    "Michael",
    "Linda",
    "William",
    "Elizabeth",
    "David",
    "Barbara",
    "Richard",
    "Susan",
    "Joseph",
    "Jessica",
    "Thomas",
    "Sarah",
    "Charles",
    "Karen",
    "Mohammed",
    "Olivia",
    "Oliver",
    "Amelia",
    "Harry",
    "Isla",
    "George",
    "Ava",
    "Noah",
    "Emily",
    "Jack",
    "Sophia",
    "Leo",
    "Grace",
    "Arthur",
    "Mia",
    "Muhammad",
    "Poppy",
    "Oscar",
    "Ella"
  };
  private static final String[] LAST = {
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Edwards",
    "Hughes",
    "Green",
    "Hall",
    "Lewis",
    "Harris",
    "Clarke",
    "Patel",
    "Jackson",
    "Wood",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Morris",
    "Moore",
    "Clark",
    "Lee",
    "King",
    "Baker",
    "Harrison",
    "Morgan",
    "Allen",
    "Khan",
    "Ali",
    "Singh",
    "Murphy",
    "Kelly",
    "Campbell",
    "Stewart",
    "Scott",
    "Young",
    "Mitchell"
  };

  private ClaimIndexProbe() {}

  /**
   * Runs the probe.
   *
   * @param args claims (1,000,000), lookups per kind (20,000)
   */
  public static void main(String[] args) {
    int claims = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int lookups = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    Random random = new Random(42);
    ClaimIndex index = new ClaimIndex();
    long heapBefore = usedHeap();
    long directBefore = usedDirect();
    long started = System.nanoTime();
    for (int i = 0; i < claims; i++) {
      index.add(decided(synthetic(random, i, claims), Outcome.ACCEPT));
    }
    double insertSeconds = (System.nanoTime() - started) / 1e9;
    long heapAfter = usedHeap();
    long direct = usedDirect() - directBefore;
    System.out.printf(
        "insert: %,d claims in %.1f s = %,.0f claims/s; heap %.0f MB = %.0f bytes/claim; off the"
            + " heap %.0f MB = %.0f bytes/claim%n",
        claims,
        insertSeconds,
        claims / insertSeconds,
        (heapAfter - heapBefore) / 1e6,
        (heapAfter - heapBefore) / (double) claims,
        direct / 1e6,
        direct / (double) claims);

    time(
        "bank_account",
        lookups,
        n -> index.find(Criterion.BANK_ACCOUNT, bank(random.nextInt(claims)), 0, 20).hits().size());
    time(
        "postcode",
        lookups,
        n ->
            index
                .find(
                    Criterion.POSTCODE,
                    Criterion.POSTCODE.key(postcode(random.nextInt(claims))),
                    0,
                    20)
                .hits()
                .size());
    time(
        "name (2 typos)",
        lookups / 10,
        n -> {
          String name =
              FIRST[random.nextInt(FIRST.length)] + " " + LAST[random.nextInt(LAST.length)];
          return index
              .find(Criterion.NAME, Criterion.NAME.parse(typos(name, random)), 0, 20)
              .hits()
              .size();
        });
    time("links", lookups, n -> index.links("C" + random.nextInt(claims / 2), 10).size());
  }

  private interface Lookup {
    int run(int n);
  }

  private static void time(String what, int count, Lookup lookup) {
    // A warm-up pass so the JIT has compiled the lookup.
    long found = 0;
    for (int i = 0; i < count / 10; i++) {
      found += lookup.run(i);
    }
    long started = System.nanoTime();
    for (int i = 0; i < count; i++) {
      found += lookup.run(i);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "%-15s %,9.0f lookups/s  %8.1f us each  (%,d hits)%n",
        what, count / seconds, seconds * 1e6 / count, found);
  }

  private static Claim synthetic(Random random, int i, int claims) {
    // Two claims per claimant on average; 1 in 50 bank accounts is shared by a ring of claimants.
    int claimant = random.nextInt(Math.max(1, claims / 2));
    String name =
        FIRST[claimant % FIRST.length]
            + " "
            + LAST[(claimant / FIRST.length) % LAST.length]
            + (claimant % 7 == 0 ? "-" + LAST[claimant % LAST.length] : "");
    int account = claimant % 50 == 0 ? claimant % 1000 : claimant;
    return claim("C" + claimant, name)
        .setClaimId(new java.util.UUID(random.nextLong(), random.nextLong()).toString())
        .setNino(String.format("AB%06dC", claimant % 1_000_000))
        .setBankSortCode(String.format("%06d", account % 1_000_000))
        .setBankAccountNumber(String.format("%08d", account))
        .setPostcode(postcode(claimant))
        .setDeviceId("device-" + (claimant / 3))
        .build();
  }

  private static String bank(int claimant) {
    return String.format("%06d-%08d", claimant % 1_000_000, claimant);
  }

  private static String postcode(int claimant) {
    int area = claimant / 15; // about 15 households a postcode
    return ""
        + (char) ('A' + area % 26)
        + (char) ('A' + (area / 26) % 26)
        + (area / 676 % 9 + 1)
        + " "
        + (area / 6084 % 10)
        + (char) ('A' + (area / 60840) % 26)
        + "Z";
  }

  private static String typos(String name, Random random) {
    char[] chars = name.toLowerCase().toCharArray();
    int at = 1 + random.nextInt(chars.length - 3);
    char swap = chars[at];
    chars[at] = chars[at + 1];
    chars[at + 1] = swap;
    chars[random.nextInt(chars.length)] = 'q';
    return new String(chars);
  }

  /** The direct buffers' bytes: the kept stores' chunks, allocated whole (ADR 0027). */
  private static long usedDirect() {
    return java.lang.management.ManagementFactory.getPlatformMXBeans(
            java.lang.management.BufferPoolMXBean.class)
        .stream()
        .filter(pool -> pool.getName().equals("direct"))
        .mapToLong(java.lang.management.BufferPoolMXBean::getMemoryUsed)
        .sum();
  }

  private static long usedHeap() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
