package io.insightmesh.decisions.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.profiles.ClaimantProfile;
import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.contracts.risk.LiveFeatures;
import io.insightmesh.decisions.assess.ClaimParser;
import io.insightmesh.decisions.features.BlockLists;
import io.insightmesh.decisions.features.TestClaims;
import io.insightmesh.decisions.features.VelocityCounters;
import io.insightmesh.decisions.features.VelocitySettings;
import io.insightmesh.decisions.record.AssessedClaim;
import io.insightmesh.decisions.record.AssessedClaimCodec;
import io.insightmesh.decisions.rules.Assessment;
import io.insightmesh.decisions.rules.CompiledRuleset;
import io.insightmesh.decisions.rules.LiveAssessment;
import io.insightmesh.decisions.rules.Reason;
import io.insightmesh.decisions.rules.RuleEngine;
import io.insightmesh.decisions.rules.RulesetLoader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The request path's in-process steps, one thread, per claim: thread CPU time and bytes allocated
 * for reading the claim from its request bytes, assessing it (velocity, features, rules), building
 * and Avro-encoding its decision, and writing the answer's JSON (directly, and as the view through
 * Jackson for comparison). Not a test: run its {@code main} on the test class path, {@code java -cp
 * <test classpath> io.insightmesh.decisions.api.RequestPathBenchmark <claims.jsonl> [rounds]}, with
 * the claim templates {@code ./mesh bench scoring} writes
 * (integration-tests/target/bench-scoring/).
 */
public final class RequestPathBenchmark {
  private RequestPathBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<String> lines = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    byte[][] bodies = new byte[lines.size()][];
    for (int i = 0; i < bodies.length; i++) {
      // Each request has a claim id of its own, as in the benchmark.
      bodies[i] =
          lines
              .get(i)
              .replaceFirst(
                  "\"claim_id\"\\s*:\\s*\"[^\"]*\"", "\"claim_id\":\"" + UUID.randomUUID() + "\"")
              .getBytes(StandardCharsets.UTF_8);
    }
    ClaimParser parser = new ClaimParser();
    Claim[] claims = new Claim[bodies.length];
    List<Optional<ClaimantProfile>> profiles = new java.util.ArrayList<>();
    for (int i = 0; i < bodies.length; i++) {
      claims[i] = parser.parse(bodies[i]);
      profiles.add(Optional.of(TestClaims.individualProfile(claims[i]).build()));
    }
    RuleEngine rules =
        new RuleEngine(
            CompiledRuleset.compile(RulesetLoader.shipped()),
            new VelocityCounters(VelocitySettings.standard()),
            new BlockLists());
    AssessedClaimCodec codec = new AssessedClaimCodec();
    ObjectMapper json = new ObjectMapper();
    DecisionJson answers = new DecisionJson(json);
    LiveAssessment[] assessed = new LiveAssessment[claims.length];
    Decision[] decisions = new Decision[claims.length];
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int round = 1; round <= rounds; round++) {
      boolean measured = round > rounds / 2;
      long[] cpu = new long[4];
      long[] bytes = new long[4];
      long id = Thread.currentThread().getId();
      long c0 = threads.getCurrentThreadCpuTime();
      long a0 = threads.getThreadAllocatedBytes(id);
      for (byte[] body : bodies) {
        sink += parser.parse(body).getClaimId().length();
      }
      long c1 = threads.getCurrentThreadCpuTime();
      long a1 = threads.getThreadAllocatedBytes(id);
      for (int i = 0; i < claims.length; i++) {
        assessed[i] = rules.assessLive(claims[i], profiles.get(i));
      }
      long c2 = threads.getCurrentThreadCpuTime();
      long a2 = threads.getThreadAllocatedBytes(id);
      for (int i = 0; i < claims.length; i++) {
        decisions[i] = decision(claims[i], assessed[i]);
        sink += codec.encodeAll(new AssessedClaim(claims[i], decisions[i])).log().length;
      }
      long c3 = threads.getCurrentThreadCpuTime();
      long a3 = threads.getThreadAllocatedBytes(id);
      for (Decision decision : decisions) {
        sink += json.writeValueAsBytes(DecisionView.of(decision)).length;
      }
      long c4 = threads.getCurrentThreadCpuTime();
      long a4 = threads.getThreadAllocatedBytes(id);
      for (Decision decision : decisions) {
        sink += answers.write(decision).length;
      }
      long c5 = threads.getCurrentThreadCpuTime();
      long a5 = threads.getThreadAllocatedBytes(id);
      cpu = new long[] {c1 - c0, c2 - c1, c3 - c2, c4 - c3};
      bytes = new long[] {a1 - a0, a2 - a1, a3 - a2, a4 - a3};
      int n = claims.length;
      System.out.printf(
          "%s round %d: µs CPU / bytes per claim: parse %.2f / %,d, assess %.2f / %,d,"
              + " decision+encode %.2f / %,d, answer JSON %.2f / %,d; total %.2f / %,d;"
              + " (answer as the view through Jackson %.2f / %,d)%n",
          measured ? "measured" : "warm-up ",
          round,
          cpu[0] / 1e3 / n,
          bytes[0] / n,
          cpu[1] / 1e3 / n,
          bytes[1] / n,
          cpu[2] / 1e3 / n,
          bytes[2] / n,
          (c5 - c4) / 1e3 / n,
          (a5 - a4) / n,
          (cpu[0] + cpu[1] + cpu[2] + c5 - c4) / 1e3 / n,
          (bytes[0] + bytes[1] + bytes[2] + a5 - a4) / n,
          cpu[3] / 1e3 / n,
          bytes[3] / n);
    }
    System.out.println("(" + sink + ")");
  }

  /** As AssessmentService builds a decision. */
  private static Decision decision(Claim claim, LiveAssessment live) {
    Assessment assessment = live.assessment();
    List<io.insightmesh.contracts.risk.Reason> reasons = new java.util.ArrayList<>();
    for (Reason reason : assessment.reasons()) {
      reasons.add(reason.toContract());
    }
    return new Decision(
        claim.getClaimId(),
        claim.getClaimantId(),
        claim.getScheme().name(),
        assessment.decision(),
        assessment.riskScore(),
        reasons,
        assessment.rulesetVersion().toString(),
        "1.0.0",
        42L,
        Instant.now(),
        new LiveFeatures(live.velocity().variables(), live.blocked().names()));
  }
}
