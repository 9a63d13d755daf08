package io.insightmesh.decisions.assess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.contracts.claims.Claim;
import io.insightmesh.contracts.risk.Decision;
import io.insightmesh.decisions.features.BlockLists;
import io.insightmesh.decisions.features.TestClaims;
import io.insightmesh.decisions.features.VelocityCounters;
import io.insightmesh.decisions.features.VelocitySettings;
import io.insightmesh.decisions.log.DecisionLog;
import io.insightmesh.decisions.log.LogReader;
import io.insightmesh.decisions.log.LogRecord;
import io.insightmesh.decisions.record.AssessedClaimCodec;
import io.insightmesh.decisions.rules.CompiledRuleset;
import io.insightmesh.decisions.rules.RuleEngine;
import io.insightmesh.decisions.rules.RulesetLoader;
import io.insightmesh.decisions.testing.MovableClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A claim stamped ahead of the engine's clock is refused before it reaches the velocity counters,
 * which count by submission time: taken, it would have made them forget the claims before it. A
 * resubmission still gets its first decision, and such a claim in an older log is not counted when
 * the engine takes it back.
 */
class SubmittedAheadTest {
  private static final Instant NOW = TestClaims.SUBMITTED_AT;

  @TempDir Path directory;

  private static AssessmentService service(DecisionLog log) {
    return service(log, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static AssessmentService service(DecisionLog log, Clock clock) {
    RuleEngine rules =
        new RuleEngine(
            CompiledRuleset.compile(RulesetLoader.shipped()),
            new VelocityCounters(VelocitySettings.standard()),
            new BlockLists());
    return new AssessmentService(rules, log, clock, Duration.ofMinutes(5));
  }

  private static Claim fromTheDevice(Instant submittedAt) {
    return TestClaims.seiss()
        .setClaimId(UUID.randomUUID().toString())
        .setSubmittedAt(submittedAt)
        .build();
  }

  @Test
  void aClaimAheadOfTheClockIsRefusedByFieldAndTheDeviceKeepsItsCount() {
    try (DecisionLog log = DecisionLog.open(directory, DecisionLog.Options.defaults())) {
      AssessmentService assessments = service(log);
      Decision first = assessments.assess(fromTheDevice(NOW)).join();
      assertThat(first.getLiveFeatures().getVelocity()).containsEntry("device_60m", 1);
      long durable = log.durableSequence();

      // A mistyped year: thousands of years ahead, past what the counters' minutes can hold.
      for (Instant ahead :
          new Instant[] {NOW.plus(Duration.ofDays(1)), Instant.parse("9999-12-31T23:59:59Z")}) {
        assertThatThrownBy(() -> assessments.assess(fromTheDevice(ahead)))
            .isInstanceOfSatisfying(
                InvalidClaimException.class,
                refused -> {
                  assertThat(refused.errors())
                      .singleElement()
                      .satisfies(
                          error -> {
                            assertThat(error.field()).isEqualTo("submitted_at");
                            assertThat(error.rule()).isEqualTo("not-ahead-of-clock");
                            assertThat(error.message())
                                .contains("PT5M")
                                .contains("2020-05-14T09:30:00Z")
                                .doesNotContain(ahead.toString());
                          });
                });
      }
      assertThat(log.durableSequence()).isEqualTo(durable);

      // Within the skew allowed, and the claims before the refused ones still count.
      Decision within = assessments.assess(fromTheDevice(NOW.plus(Duration.ofMinutes(5)))).join();
      assertThat(within.getLiveFeatures().getVelocity()).containsEntry("device_60m", 2);
      Decision next = assessments.assess(fromTheDevice(NOW.plusSeconds(30))).join();
      assertThat(next.getLiveFeatures().getVelocity()).containsEntry("device_60m", 2);
    }
  }

  @Test
  void aResubmissionGetsItsFirstDecisionWhateverTheClockReadsNow() {
    MovableClock clock = new MovableClock(NOW);
    try (DecisionLog log = DecisionLog.open(directory, DecisionLog.Options.defaults())) {
      AssessmentService assessments = service(log, clock);
      Claim claim = fromTheDevice(NOW.plus(Duration.ofMinutes(4)));
      Decision first = assessments.assess(claim).join();

      // A clock set back (or an engine failed over to a host whose clock is behind).
      clock.advance(Duration.ofMinutes(-10));
      // As remembered: the decision, without the live features its first answer carried.
      assertThat(assessments.assess(claim).join())
          .isEqualTo(Decision.newBuilder(first).setLiveFeatures(null).build());
      assertThatThrownBy(() -> assessments.assess(fromTheDevice(claim.getSubmittedAt())))
          .isInstanceOf(InvalidClaimException.class);
    }
  }

  @Test
  void aClaimFarAheadInAnOlderLogIsNotCountedWhenTakenBack() {
    Instant later = Instant.parse("3000-01-01T00:00:00Z");
    try (DecisionLog log = DecisionLog.open(directory, DecisionLog.Options.defaults())) {
      // An engine whose clock read the year 3000 took both.
      AssessmentService then = service(log, new MovableClock(later));
      then.assess(fromTheDevice(NOW)).join();
      then.assess(fromTheDevice(later)).join();
    }

    try (DecisionLog log = DecisionLog.open(directory, DecisionLog.Options.defaults())) {
      AssessmentService assessments = service(log, new MovableClock(NOW));
      AssessedClaimCodec codec = new AssessedClaimCodec();
      int recovered = 0;
      try (LogReader reader = log.reader(log.firstSequence())) {
        for (Optional<LogRecord> next = reader.next(); next.isPresent(); next = reader.next()) {
          assessments.recover(codec.decode(next.get().sequence(), next.get().payload()));
          recovered++;
        }
      }
      assertThat(recovered).isEqualTo(2);
      assertThat(assessments.knownClaims()).isEqualTo(2);

      // The device's claim of 2020 still counts; the one of the year 3000 did not wipe it.
      Decision next = assessments.assess(fromTheDevice(NOW.plusSeconds(30))).join();
      assertThat(next.getLiveFeatures().getVelocity()).containsEntry("device_60m", 2);
    }
  }

  @Test
  void aNegativeSkewIsRefusedAtStart() {
    try (DecisionLog log = DecisionLog.open(directory, DecisionLog.Options.defaults())) {
      RuleEngine rules =
          new RuleEngine(
              CompiledRuleset.compile(RulesetLoader.shipped()),
              new VelocityCounters(VelocitySettings.standard()),
              new BlockLists());
      assertThatThrownBy(
              () -> new AssessmentService(rules, log, Clock.systemUTC(), Duration.ofMinutes(-1)))
          .hasMessage("Invalid mesh.engine.max-submitted-ahead PT-1M: must not be negative");
    }
  }
}
