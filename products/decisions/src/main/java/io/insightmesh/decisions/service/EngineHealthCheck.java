package io.insightmesh.decisions.service;

import io.insightmesh.decisions.log.LogStats;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the decision log accepts writes: without it no decision can be acknowledged. */
@Readiness
@ApplicationScoped
public class EngineHealthCheck implements HealthCheck {
  private final Engine engine;

  public EngineHealthCheck(Engine engine) {
    this.engine = engine;
  }

  @Override
  public HealthCheckResponse call() {
    LogStats stats = engine.log().stats();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named("scoring-engine")
            .withData("durable-sequence", stats.durableSequence())
            .withData("ruleset", engine.assessments().rules().ruleset().version().toString())
            .withData("profile-release", engine.assessments().profiles().release().orElse("none"))
            .withData("profiles", engine.assessments().profiles().size());
    engine
        .assessments()
        .profiles()
        .snapshotId()
        .ifPresent(snapshot -> response.withData("profile-snapshot", snapshot));
    engine
        .link()
        .ifPresent(
            link -> {
              link.problem().ifPresent(problem -> response.withData("catalog", problem));
              response.withData("profile-swaps", link.profileSwaps());
              link.committer()
                  .ifPresent(
                      committer -> {
                        var commits = committer.stats();
                        response.withData("committed-sequence", commits.committedSequence());
                        response.withData("commit-lag", commits.lag());
                        commits.failure().ifPresent(f -> response.withData("commit-failure", f));
                      });
              link.hygiene()
                  .ifPresent(
                      hygiene -> {
                        hygiene.problem().ifPresent(p -> response.withData("hygiene-problem", p));
                        hygiene.skipping().ifPresent(s -> response.withData("hygiene-skipped", s));
                      });
              link.releaser()
                  .ifPresent(
                      releaser -> {
                        releaser
                            .lastVersion()
                            .ifPresent(version -> response.withData("last-release", version));
                        releaser
                            .lastReleasedAt()
                            .ifPresent(at -> response.withData("last-release-at", at.toString()));
                        releaser
                            .lastRelease()
                            .ifPresent(
                                release ->
                                    response.withData(
                                        "last-release-quality",
                                        release.quality().passed() ? "passed" : "failed"));
                        releaser.problem().ifPresent(p -> response.withData("release-problem", p));
                      });
            });
    boolean up = engine.log().writable() && engine.assessments().accepting();
    return (up ? response.up() : response.down()).build();
  }
}
