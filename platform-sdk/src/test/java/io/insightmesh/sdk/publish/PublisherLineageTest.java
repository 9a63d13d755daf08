package io.insightmesh.sdk.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.contracts.spec.ProductDescriptors;
import io.insightmesh.sdk.testing.TestSpark;
import io.openlineage.client.OpenLineage;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * The lineage runs of releases published together (claims and their rejects): every run that
 * started ends, COMPLETE or FAIL with the reason, wherever the publish stops — a release beside it
 * refused, the commit refused or of unknown outcome, the registry not recording it or its answer
 * lost — and a release whose run never ended (killed after the commit, or its COMPLETE not taken)
 * is completed on that run by the next run of the publish.
 */
class PublisherLineageTest {
  private static final ProductDescriptor CLAIMS = ProductDescriptors.builtIn("claims.claims");
  private static final ProductDescriptor REJECTS =
      ProductDescriptors.builtIn("claims.claims_rejects");
  private static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "claim_id", Types.StringType.get()));

  /** The events the catalog took. */
  private final List<OpenLineage.RunEvent> events = new ArrayList<>();

  /** Whether the catalog refuses the COMPLETE of publish runs (as a catalog answering 503 does). */
  private boolean completesRefused;

  private final LineageEmitter lineage =
      new LineageEmitter(
          "http://catalog/iceberg",
          event ->
              !(completesRefused
                      && event.getEventType() == OpenLineage.RunEvent.EventType.COMPLETE
                      && event.getJob().getName().startsWith("publish."))
                  && events.add(event));
  private final FakeSteps steps = new FakeSteps();

  private final PublishRequest claims = request(CLAIMS, "1.0.0");
  private final PublishRequest rejects = request(REJECTS, "1.0.0+claims-1-0-0");

  @Test
  void releasesPublishedTogetherEachComplete() {
    List<PublishResult> results = Publisher.publishAll(List.of(claims, rejects), steps);
    // Running a completed publish again starts no run.
    Publisher.publishAll(List.of(claims, rejects), steps);

    assertThat(results).extracting(PublishResult::alreadyPublished).containsExactly(false, false);
    assertThat(lifecycle("claims.claims")).containsExactly("START", "COMPLETE");
    assertThat(lifecycle("claims.claims_rejects")).containsExactly("START", "COMPLETE");
  }

  @Test
  void anAuditedReleaseFailsWhenTheReleasePublishedWithItIsRefused() {
    steps.failingAudit.add("claims.claims_rejects");

    assertThatThrownBy(() -> Publisher.publishAll(List.of(claims, rejects), steps))
        .isInstanceOf(QualityCheckFailedException.class)
        .hasMessageStartingWith(
            "Cannot publish claims.claims_rejects 1.0.0+claims-1-0-0: 1 quality rule(s) failed");

    assertThat(lifecycle("claims.claims"))
        .containsExactly(
            "START",
            "FAIL Not published: it is published together with claims.claims_rejects"
                + " 1.0.0+claims-1-0-0, which failed its quality rules");
    assertThat(lifecycle("claims.claims_rejects"))
        .containsExactly("START", "FAIL 1 quality rules failed");
    assertThat(steps.undone).containsExactly("claims.claims");
  }

  @Test
  void everyRunFailsWhenTheCommitIsRefused() {
    steps.commitFailure =
        new PublishException(
            "Cannot publish [claims.claims 1.0.0, claims.claims_rejects 1.0.0+claims-1-0-0]: main"
                + " moved while the release was staged (another publish committed); nothing was"
                + " published, run it again");

    assertThatThrownBy(() -> Publisher.publishAll(List.of(claims, rejects), steps))
        .isSameAs(steps.commitFailure);

    String failed =
        "FAIL Not published: the publishing commit was refused: Cannot publish [claims.claims"
            + " 1.0.0, claims.claims_rejects 1.0.0+claims-1-0-0]: main moved while the release was"
            + " staged (another publish committed); nothing was published, run it again";
    assertThat(lifecycle("claims.claims")).containsExactly("START", failed);
    assertThat(lifecycle("claims.claims_rejects")).containsExactly("START", failed);
  }

  @Test
  void anUnknownCommitOutcomeFailsEveryRunAndTheRunThatFindsTheReleaseCompletesIt() {
    steps.commitFailure =
        new PublishOutcomeUnknownException(
            "The publishing commit ... has an unknown outcome", null);
    steps.commitLandsAnyway = true;

    assertThatThrownBy(() -> Publisher.publishAll(List.of(claims, rejects), steps))
        .isSameAs(steps.commitFailure);

    String unknown =
        "FAIL The publishing commit has an unknown outcome: claims.claims 1.0.0 may or may not be"
            + " published (tag v1.0.0 was not visible); running the publish again finds out, and"
            + " records it if it is";
    assertThat(lifecycle("claims.claims")).containsExactly("START", unknown);
    assertThat(lifecycle("claims.claims_rejects"))
        .containsExactly(
            "START",
            "FAIL The publishing commit has an unknown outcome: claims.claims_rejects"
                + " 1.0.0+claims-1-0-0 may or may not be published (tag v1.0.0+claims-1-0-0 was"
                + " not visible); running the publish again finds out, and records it if it is");

    // It had landed: the publish run again finds both tags and records the releases.
    steps.commitFailure = null;
    List<PublishResult> again = Publisher.publishAll(List.of(claims, rejects), steps);

    assertThat(again).extracting(PublishResult::alreadyPublished).containsExactly(true, true);
    assertThat(lifecycle("claims.claims")).containsExactly("START", unknown, "START", "COMPLETE");
    assertThat(runs("claims.claims").values())
        .containsExactly(List.of("START", "FAIL"), List.of("START", "COMPLETE"));
  }

  @Test
  void aReleaseTheRegistryDidNotRecordFailsItsRunAndTheRunRecordingItCompletes() {
    steps.recordFailure =
        new PublishException(
            "Cannot record release 1.0.0 of claims.claims: the catalog answered 503 unavailable");

    assertThatThrownBy(() -> Publisher.publishAll(List.of(claims, rejects), steps))
        .isSameAs(steps.recordFailure);

    String claimsUnrecorded =
        "FAIL Published as tag v1.0.0 of claims.claims_v1, but not recorded in the registry"
            + " (Cannot record release 1.0.0 of claims.claims: the catalog answered 503"
            + " unavailable); running the publish again records it";
    String rejectsUnrecorded =
        "FAIL Published as tag v1.0.0+claims-1-0-0 of claims.claims_rejects_v1, but not recorded"
            + " in the registry (Cannot record release 1.0.0 of claims.claims: the catalog"
            + " answered 503 unavailable); running the publish again records it";
    assertThat(lifecycle("claims.claims")).containsExactly("START", claimsUnrecorded);
    assertThat(lifecycle("claims.claims_rejects")).containsExactly("START", rejectsUnrecorded);

    steps.recordFailure = null;
    Publisher.publishAll(List.of(claims, rejects), steps);
    // Once recorded, running it again records nothing and starts no run.
    Publisher.publishAll(List.of(claims, rejects), steps);

    assertThat(lifecycle("claims.claims"))
        .containsExactly("START", claimsUnrecorded, "START", "COMPLETE");
    assertThat(lifecycle("claims.claims_rejects"))
        .containsExactly("START", rejectsUnrecorded, "START", "COMPLETE");
  }

  @Test
  void aReleaseWhoseRecordingAnswerWasLostIsCompletedByTheRunThatFindsItRecorded() {
    // The registry records the release, then the connection drops before its answer arrives.
    steps.recordAnswerLost = true;

    assertThatThrownBy(() -> Publisher.publishAll(List.of(claims), steps))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("Cannot reach the catalog at http://catalog");

    String unrecorded =
        "FAIL Published as tag v1.0.0 of claims.claims_v1, but not recorded in the registry"
            + " (Cannot reach the catalog at http://catalog); running the publish again records"
            + " it";
    assertThat(lifecycle("claims.claims")).containsExactly("START", unrecorded);

    // Run again, it finds the release tagged and the registry already holding it.
    steps.recordAnswerLost = false;
    List<PublishResult> again = Publisher.publishAll(List.of(claims), steps);
    // Running it once more is a plain rerun of a completed release: no run of its own.
    Publisher.publishAll(List.of(claims), steps);

    assertThat(again).extracting(PublishResult::alreadyPublished).containsExactly(true);
    assertThat(lifecycle("claims.claims"))
        .containsExactly("START", unrecorded, "START", "COMPLETE");
    assertThat(runs("claims.claims").values())
        .containsExactly(List.of("START", "FAIL"), List.of("START", "COMPLETE"));
    OpenLineage.OutputDataset output = publishEvents("claims.claims").get(3).getOutputs().get(0);
    assertThat(output.getFacets().getSchema().getFields())
        .extracting(OpenLineage.SchemaDatasetFacetFields::getName)
        .containsExactly("claim_id");
    assertThat(output.getFacets().getDataQualityMetrics().getRowCount()).isEqualTo(40);
    assertThat(output.getOutputFacets().getOutputStatistics().getRowCount()).isEqualTo(40);
    assertThat(output.getOutputFacets().getOutputStatistics().getSize()).isEqualTo(4096);
  }

  @Test
  void aReleaseWhoseCompleteTheCatalogRefusedIsCompletedOnItsOwnRunByTheNextRun() {
    completesRefused = true;

    // The data is safe, so a publish whose COMPLETE the catalog refused still succeeds.
    List<PublishResult> results = Publisher.publishAll(List.of(claims), steps);

    assertThat(results).extracting(PublishResult::alreadyPublished).containsExactly(false);
    assertThat(lifecycle("claims.claims")).containsExactly("START");
    assertThat(steps.marks).containsOnlyKeys("v1.0.0 claims.claims");

    // Still refused: the rerun sends the same run's COMPLETE again, starts no run, keeps the mark.
    Publisher.publishAll(List.of(claims), steps);

    assertThat(lifecycle("claims.claims")).containsExactly("START");
    assertThat(steps.marks).containsOnlyKeys("v1.0.0 claims.claims");

    completesRefused = false;
    List<PublishResult> again = Publisher.publishAll(List.of(claims), steps);
    // Completed now: running it once more starts no run.
    Publisher.publishAll(List.of(claims), steps);

    assertThat(again).extracting(PublishResult::alreadyPublished).containsExactly(true);
    assertThat(runs("claims.claims").values()).containsExactly(List.of("START", "COMPLETE"));
    assertThat(steps.marks).isEmpty();
    // Each completion sent the audit again, under one audit run the catalog holds once.
    assertThat(events)
        .filteredOn(event -> event.getJob().getName().equals("audit.claims.claims"))
        .hasSize(3)
        .extracting(event -> event.getRun().getRunId())
        .containsOnly(
            events.stream()
                .filter(event -> event.getJob().getName().equals("audit.claims.claims"))
                .findFirst()
                .orElseThrow()
                .getRun()
                .getRunId());
  }

  @Test
  void aRunKilledAfterItsCommitIsCompletedByTheRerunRatherThanLeftOpen() {
    steps.killedWhileRecording = true;

    assertThatThrownBy(() -> Publisher.publishAll(List.of(claims, rejects), steps))
        .isInstanceOf(Killed.class);
    // Killed: nothing ended the runs.
    assertThat(runs("claims.claims").values()).containsExactly(List.of("START"));
    assertThat(runs("claims.claims_rejects").values()).containsExactly(List.of("START"));

    steps.killedWhileRecording = false;
    List<PublishResult> again = Publisher.publishAll(List.of(claims, rejects), steps);

    assertThat(again).extracting(PublishResult::alreadyPublished).containsExactly(true, true);
    assertThat(runs("claims.claims").values()).containsExactly(List.of("START", "COMPLETE"));
    assertThat(runs("claims.claims_rejects").values())
        .containsExactly(List.of("START", "COMPLETE"));
    assertThat(steps.marks).isEmpty();
    OpenLineage.OutputDataset output = publishEvents("claims.claims").get(1).getOutputs().get(0);
    assertThat(output.getOutputFacets().getOutputStatistics().getRowCount()).isEqualTo(40);
  }

  @Test
  void aRunThatFailedIsNotCompletedAfterItsFailButByARunOfItsOwn() {
    steps.recordFailure =
        new PublishException(
            "Cannot record release 1.0.0 of claims.claims: the catalog answered 503 unavailable");
    assertThatThrownBy(() -> Publisher.publishAll(List.of(claims), steps))
        .isSameAs(steps.recordFailure);
    steps.recordFailure = null;

    Publisher.publishAll(List.of(claims), steps);

    // Its mark named the failed run, but a run ends once: the rerun's own run completes it.
    assertThat(runs("claims.claims").values())
        .containsExactly(List.of("START", "FAIL"), List.of("START", "COMPLETE"));
    assertThat(steps.marks).isEmpty();
  }

  @Test
  void aFailEventCarriesItsReasonAndARunEndsOnce() {
    LineageEmitter.Run run = lineage.run("claims.claims", "claims.claims_v1", List.of());
    run.start();
    run.fail(SCHEMA, null, "the staging write failed");

    assertThat(run.complete(SCHEMA, 1, 1, new QualityReport(1, List.of()))).isFalse();

    assertThat(run.ended()).isTrue();
    assertThat(lifecycle("claims.claims"))
        .containsExactly("START", "FAIL the staging write failed");
  }

  /**
   * The events of the publish runs of {@code product}, oldest first, each as its type and, for a
   * FAIL, the error message it carries.
   */
  private List<String> lifecycle(String product) {
    List<String> lifecycle = new ArrayList<>();
    for (OpenLineage.RunEvent event : publishEvents(product)) {
      String type = event.getEventType().name();
      OpenLineage.RunFacets facets = event.getRun().getFacets();
      lifecycle.add(
          facets != null && facets.getErrorMessage() != null
              ? type + " " + facets.getErrorMessage().getMessage()
              : type);
    }
    return lifecycle;
  }

  /** The publish runs of {@code product}, by id, each with its event types. */
  private Map<UUID, List<String>> runs(String product) {
    Map<UUID, List<String>> runs = new LinkedHashMap<>();
    for (OpenLineage.RunEvent event : publishEvents(product)) {
      runs.computeIfAbsent(event.getRun().getRunId(), id -> new ArrayList<>())
          .add(event.getEventType().name());
    }
    return runs;
  }

  private List<OpenLineage.RunEvent> publishEvents(String product) {
    return events.stream()
        .filter(event -> event.getJob().getName().equals("publish." + product))
        .toList();
  }

  private static PublishRequest request(ProductDescriptor product, String version) {
    return new PublishRequest(
        product,
        TestSpark.session().emptyDataFrame(),
        version,
        PublishRequest.Mode.OVERWRITE,
        List.of());
  }

  /** The process dying mid-publish: nothing after it runs, no handler ends a run. */
  private static final class Killed extends Error {
    Killed() {
      super("killed");
    }
  }

  /**
   * The catalog as publishAll's steps see it: tables with tags and the marks of releases whose
   * completion is pending, a registry of recorded releases, and the failures a test asks for. Its
   * staging step starts the release's run, and fails it when the audit fails, as the real one does.
   */
  private final class FakeSteps implements Publisher.Steps {
    final Set<String> failingAudit = new HashSet<>();
    final Set<String> tagged = new HashSet<>();
    final Set<String> recorded = new HashSet<>();

    /**
     * The marks of releases whose completion is pending: the run each names, by tag and product.
     */
    final Map<String, UUID> marks = new LinkedHashMap<>();

    final List<String> undone = new ArrayList<>();
    RuntimeException commitFailure;
    boolean commitLandsAnyway;
    RuntimeException recordFailure;
    boolean recordAnswerLost;
    boolean killedWhileRecording;

    @Override
    public Optional<Publisher.ReleaseSnapshot> prepare(PublishRequest request) {
      return tagged.contains(request.tag() + " " + request.product().id())
          ? Optional.of(snapshot())
          : Optional.empty();
    }

    @Override
    public Publisher.Staged stageAndAudit(PublishRequest request) {
      LineageEmitter.Run run = run(request);
      run.start();
      if (failingAudit.contains(request.product().id())) {
        QualityReport report =
            new QualityReport(
                1,
                List.of(
                    new QualityReport.RuleResult(
                        "not-null(claim_id)", false, 1, List.of(), "1 rows fail")));
        run.fail(SCHEMA, report, "1 quality rules failed");
        throw new QualityCheckFailedException(request.product().id(), request.version(), report);
      }
      return new Publisher.Staged(
          request,
          TableIdentifier.parse(request.product().table()),
          "stage_" + request.tag().replaceAll("[^0-9A-Za-z]", "_"),
          null,
          snapshot(),
          run);
    }

    @Override
    public void commit(List<Publisher.Staged> releases) {
      if (commitFailure == null || commitLandsAnyway) {
        for (Publisher.Staged release : releases) {
          tagged.add(release.request().tag() + " " + release.request().product().id());
          marks.put(
              release.request().tag() + " " + release.request().product().id(), release.run().id());
        }
      }
      if (commitFailure != null) {
        throw commitFailure;
      }
    }

    @Override
    public boolean record(PublishRequest request, Publisher.ReleaseSnapshot release) {
      if (recordFailure != null) {
        throw recordFailure;
      }
      if (killedWhileRecording) {
        throw new Killed();
      }
      boolean added = recorded.add(request.tag() + " " + request.product().id());
      if (recordAnswerLost) {
        throw new UncheckedIOException(
            "Cannot reach the catalog at http://catalog",
            new HttpTimeoutException("request timed out"));
      }
      return added;
    }

    @Override
    public Optional<String> pendingMark(PublishRequest request) {
      return Optional.ofNullable(marks.get(request.tag() + " " + request.product().id()))
          .map(UUID::toString);
    }

    @Override
    public void completed(PublishRequest request) {
      marks.remove(request.tag() + " " + request.product().id());
    }

    /** As the catalog's lineage answers it: the marked run if its events began and never ended. */
    @Override
    public Optional<LineageEmitter.Run> unendedRun(PublishRequest request, String mark) {
      UUID marked = UUID.fromString(mark);
      List<String> types =
          events.stream()
              .filter(event -> event.getRun().getRunId().equals(marked))
              .map(event -> event.getEventType().name())
              .toList();
      if (types.isEmpty() || types.contains("COMPLETE") || types.contains("FAIL")) {
        return Optional.empty();
      }
      return Optional.of(
          lineage.resume(
              marked, request.product().id(), request.product().table(), request.inputs()));
    }

    @Override
    public void undo(List<Publisher.Staged> staged) {
      staged.forEach(release -> undone.add(release.request().product().id()));
    }

    @Override
    public LineageEmitter.Run run(PublishRequest request) {
      return lineage.run(request.product().id(), request.product().table(), request.inputs());
    }

    private Publisher.ReleaseSnapshot snapshot() {
      return new Publisher.ReleaseSnapshot(1L, 40, 4096, SCHEMA, new QualityReport(40, List.of()));
    }
  }
}
