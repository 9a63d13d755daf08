package io.insightmesh.decisions.rules;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.claims.Scheme;
import io.insightmesh.contracts.profiles.ClaimantProfile;
import io.insightmesh.decisions.features.BlockLists;
import io.insightmesh.decisions.features.TestClaims;
import io.insightmesh.decisions.features.VelocityCounters;
import io.insightmesh.decisions.features.VelocitySettings;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Throughput of the whole assessment path ({@link RuleEngine#assess}: velocity recording, feature
 * vector, the shipped ruleset) on pre-built claims and profiles, per thread count. Not a test: run
 * its {@code main} on the test class path, e.g. {@code java -cp <test class path>
 * io.insightmesh.decisions.rules.RuleEngineBenchmark [seconds] [threads...]}. Claims are replayed
 * with submission times spread over days, so the counters sweep as they would in a replay.
 */
public final class RuleEngineBenchmark {
  private static final int CLAIMS = 100_000;

  private RuleEngineBenchmark() {}

  /** Runs the benchmark: arguments are the seconds per measurement and the thread counts. */
  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    List<Integer> threadCounts = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      threadCounts.add(Integer.parseInt(args[i]));
    }
    if (threadCounts.isEmpty()) {
      threadCounts = List.of(1, 2);
    }
    List<Claim> claims = new ArrayList<>(CLAIMS);
    List<Optional<ClaimantProfile>> profiles = new ArrayList<>(CLAIMS);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < CLAIMS; i++) {
      Claim.Builder builder = i % 3 == 0 ? TestClaims.cjrs() : TestClaims.seiss();
      Claim claim =
          builder
              .setClaimId(UUID.randomUUID().toString())
              .setClaimantId(String.format("%016x", i))
              .setBankAccountNumber(String.format("%08d", i % 97_000))
              .setDeviceId(String.format("%016x", i % 60_000))
              .setIpAddress("86." + (i % 200) + "." + (i / 200 % 250) + ".1")
              .setPostcode("M" + (i % 60 + 1) + " " + (i % 10) + "AB")
              .setSubmittedAt(TestClaims.SUBMITTED_AT.plusSeconds(i * 3L))
              .setScheme(i % 11 == 0 ? Scheme.BBL : builder.getScheme())
              .setAmountClaimed(new BigDecimal(random.nextInt(1_000, 9_000) + ".00"))
              .build();
      claims.add(claim);
      profiles.add(
          i % 50 == 0
              ? Optional.empty()
              : Optional.of(
                  (i % 3 == 0
                          ? TestClaims.employerProfile(claim)
                          : TestClaims.individualProfile(claim))
                      .setSharedBankAccountClaimants(i % 40 == 0 ? 3 : 0)
                      .build()));
    }
    System.out.printf(
        "Assessing %,d distinct claims, shipped ruleset, %d s per run%n", CLAIMS, seconds);
    for (int round = 0; round < 2; round++) {
      for (int threads : threadCounts) {
        double rate = run(claims, profiles, threads, seconds);
        System.out.printf(
            "%s threads=%d: %,.0f claims/s%n", round == 0 ? "warm-up " : "measured", threads, rate);
      }
    }
  }

  private static double run(
      List<Claim> claims, List<Optional<ClaimantProfile>> profiles, int threads, int seconds)
      throws InterruptedException {
    RuleEngine engine =
        new RuleEngine(
            CompiledRuleset.compile(RulesetLoader.shipped()),
            new VelocityCounters(VelocitySettings.standard()),
            new BlockLists());
    LongAdder done = new LongAdder();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int first = t;
      Thread worker =
          new Thread(
              () -> {
                int i = first;
                long decisions = 0;
                while (!stop.get()) {
                  Assessment assessment = engine.assess(claims.get(i), profiles.get(i));
                  decisions += assessment.reasons().size();
                  done.increment();
                  i += threads;
                  if (i >= claims.size()) {
                    i = first;
                  }
                }
                if (decisions < 0) {
                  System.out.println(decisions);
                }
              });
      workers.add(worker);
    }
    long start = System.nanoTime();
    workers.forEach(Thread::start);
    Thread.sleep(seconds * 1_000L);
    stop.set(true);
    for (Thread worker : workers) {
      worker.join();
    }
    return done.sum() / ((System.nanoTime() - start) / 1e9);
  }
}
