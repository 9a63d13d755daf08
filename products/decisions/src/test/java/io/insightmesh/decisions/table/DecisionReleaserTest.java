package io.insightmesh.decisions.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.decisions.record.AssessedClaim;
import io.insightmesh.decisions.record.Samples;
import io.insightmesh.decisions.sched.BackgroundPriority;
import io.insightmesh.decisions.sched.LinuxThreads;
import io.insightmesh.decisions.table.FaultyOperations.Fault;
import io.insightmesh.decisions.testing.MovableClock;
import io.insightmesh.sdk.publish.QualityReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionReleaserTest {
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private static final ReleaseCadence MINUTE = new ReleaseCadence(Duration.ofMinutes(1), 100);

  @TempDir Path directory;

  private final MovableClock clock = new MovableClock(NOW);
  private final RecordingRegistry registry = new RecordingRegistry();
  private JdbcCatalog catalog;
  private long committed;

  @BeforeEach
  void open() {
    catalog = TestCatalogs.open(directory);
    DecisionTable.createOrLoad(catalog);
  }

  @AfterEach
  void close() throws Exception {
    catalog.close();
  }

  @Test
  void releasesTheCommittedDecisionsAsV110PlusRunWithTheirQuality() {
    DecisionReleaser releaser = releaser(MINUTE);
    assertThat(releaser.cycle(true)).isEmpty();

    commit(40, 0.5);
    DecisionRelease first = releaser.cycle(true).orElseThrow();

    assertThat(first.version()).isEqualTo("1.1.0+1");
    assertThat(table().refs().get("v1.1.0+1").snapshotId())
        .isEqualTo(table().currentSnapshot().snapshotId());
    assertThat(first.rows()).isEqualTo(40);
    assertThat(first.quality().passed()).as(first.quality().text()).isTrue();
    assertThat(first.quality().results())
        .extracting(QualityReport.RuleResult::rule)
        .contains("unique(claim_id)", "range(risk_score)", "not-null(decided_at)");
    assertThat(first.qualityJson().path(ReleaseQuality.SKIPPED).toString())
        .contains("references(claim_id -> claims.claims.claim_id)");
    assertThat(registry.recorded).extracting(DecisionRelease::version).containsExactly("1.1.0+1");
    assertThat(registry.started).containsExactly("1.1.0+1");

    // Nothing new: no release, however long it waits.
    clock.advance(Duration.ofHours(1));
    assertThat(releaser.cycle(false)).isEmpty();

    commit(25, 0.5);
    DecisionRelease second = releaser.cycle(true).orElseThrow();
    assertThat(second.version()).isEqualTo("1.1.0+2");
    assertThat(second.rows()).isEqualTo(65);
    // The rules judged the decisions the release adds, not the whole table again.
    assertThat(second.addedRows()).isEqualTo(25);
    assertThat(second.quality().rowCount()).isEqualTo(25);
  }

  @Test
  void anAuditReadsTheManifestsOnThreadsOfItsOwnAtIdlePriority() throws IOException {
    OptionalInt callers = BackgroundPriority.currentNice();
    assertThat(callers).as("this test reads nice values from /proc (Linux)").isPresent();
    // Three appends, three manifests: Iceberg plans the audit's scan in parallel.
    commit(5, 0.5);
    commit(5, 0.5);
    commit(5, 0.5);
    Map<String, OptionalInt> before = LinuxThreads.named("release-iceberg");
    try (DecisionReleaser releaser = releaser(MINUTE)) {
      DecisionRelease release = releaser.cycle(true).orElseThrow();

      assertThat(release.quality().rowCount()).isEqualTo(15);
      assertThat(release.quality().passed()).as(release.quality().text()).isTrue();
      Map<String, OptionalInt> started = LinuxThreads.startedSince(before, "release-iceberg");
      // Iceberg's own worker threads keep the priority of whichever thread started them.
      assertThat(started)
          .isNotEmpty()
          .allSatisfy(
              (thread, nice) -> assertThat(nice).hasValue(Math.max(callers.getAsInt(), 19)));
    }
  }

  @Test
  void releasesOnTheCadenceByTimeOrByCount() {
    DecisionReleaser releaser = releaser(MINUTE);
    commit(10, 0.5);
    assertThat(releaser.cycle(false)).isEmpty();

    clock.advance(Duration.ofMinutes(1));
    assertThat(releaser.cycle(false)).map(DecisionRelease::version).contains("1.1.0+1");

    commit(99, 0.5);
    assertThat(releaser.cycle(false)).isEmpty();
    commit(1, 0.5);
    assertThat(releaser.cycle(false)).map(DecisionRelease::version).contains("1.1.0+2");
  }

  @Test
  void aFailingRuleIsRecordedWithTheReleaseNotHidden() {
    commit(5, 0.5);
    commit(3, 1.5);

    DecisionRelease release = releaser(MINUTE).cycle(true).orElseThrow();

    assertThat(release.quality().passed()).isFalse();
    QualityReport.RuleResult range = release.quality().failures().get(0);
    assertThat(range.rule()).isEqualTo("range(risk_score)");
    assertThat(range.failing()).isEqualTo(3);
    assertThat(range.examples())
        .containsExactly(Samples.claimId(5), Samples.claimId(6), Samples.claimId(7));
    assertThat(registry.recorded.get(0).qualityJson().get("passed").asBoolean()).isFalse();
  }

  @Test
  void aCrashBetweenTagAndRecordIsRecordedOnceAfterTheRestart() {
    commit(20, 0.5);
    registry.refuse = true;
    DecisionReleaser crashed = releaser(MINUTE);
    assertThat(crashed.cycle(true)).isEmpty();
    assertThat(crashed.problem()).isPresent();
    assertThat(table().refs()).containsKey("v1.1.0+1");
    assertThat(registry.recorded).isEmpty();

    registry.refuse = false;
    DecisionReleaser restarted = releaser(MINUTE);
    DecisionRelease recovered = restarted.cycle(false).orElseThrow();

    assertThat(recovered.version()).isEqualTo("1.1.0+1");
    assertThat(recovered.recovered()).isTrue();
    // The results kept on the table with the tag, not re-evaluated or lost.
    assertThat(recovered.qualityJson().get("rowCount").asLong()).isEqualTo(20);
    assertThat(recovered.quality().results()).isNotEmpty();
    assertThat(restarted.cycle(true)).isEmpty();
    assertThat(registry.recorded).extracting(DecisionRelease::version).containsExactly("1.1.0+1");
  }

  @Test
  void aTagCommitWithAnUnknownOutcomeThatLandedIsRecordedOnceByTheNextCycle() {
    commit(12, 0.5);
    FaultyOperations faulty = FaultyOperations.wrap(table()).then(Fault.UNKNOWN_AFTER_COMMIT);
    DecisionReleaser releaser = releaser(faulty.table("risk.decisions_v1"), MINUTE);

    assertThat(releaser.cycle(true)).isEmpty();
    assertThat(releaser.problem()).isPresent();
    assertThat(registry.failed).containsExactly("1.1.0+1");

    DecisionRelease recorded = releaser.cycle(false).orElseThrow();
    assertThat(recorded.version()).isEqualTo("1.1.0+1");
    assertThat(recorded.quality().results()).isNotEmpty();
    assertThat(releaser.cycle(true)).isEmpty();
    assertThat(registry.recorded).extracting(DecisionRelease::version).containsExactly("1.1.0+1");
  }

  @Test
  void anErrorAuditingAReleaseIsReportedAndEndsTheReleasesLineageRun() {
    commit(12, 0.5);
    FaultyOperations faulty =
        FaultyOperations.wrap(table())
            .failDataFileReadsWith(new OutOfMemoryError("Java heap space"));
    DecisionReleaser releaser = releaser(faulty.table("risk.decisions_v1"), MINUTE);

    // Before: health showed no problem, and lineage a run that never ended.
    assertThatThrownBy(() -> releaser.cycle(true)).isInstanceOf(OutOfMemoryError.class);

    assertThat(releaser.problem())
        .hasValueSatisfying(
            problem ->
                assertThat(problem).startsWith("java.lang.OutOfMemoryError: Java heap space"));
    assertThat(registry.failed).containsExactly("1.1.0+1");
    assertThat(registry.recorded).isEmpty();
  }

  @Test
  void scheduledCyclesBackOffAfterFailuresAndReleaseOnceTheCauseIsGone() {
    commit(12, 0.5);
    FaultyOperations faulty =
        FaultyOperations.wrap(table())
            .failDataFileReadsWith(
                new java.io.UncheckedIOException(new java.io.IOException("injected: EIO")));
    DecisionReleaser releaser = releaser(faulty.table("risk.decisions_v1"), MINUTE);
    clock.advance(Duration.ofMinutes(2));

    releaser.scheduledCycle();
    assertThat(registry.failed).hasSize(1);
    assertThat(releaser.problem()).hasValueSatisfying(p -> assertThat(p).endsWith("next in PT5S)"));
    // Each audit reads the new decisions back on the requests' core: not at every poll.
    releaser.scheduledCycle();
    clock.advance(Duration.ofSeconds(4));
    releaser.scheduledCycle();
    assertThat(registry.failed).hasSize(1);
    clock.advance(Duration.ofSeconds(1));
    releaser.scheduledCycle();
    assertThat(registry.failed).hasSize(2);
    clock.advance(Duration.ofSeconds(9));
    releaser.scheduledCycle();
    assertThat(registry.failed).hasSize(2);

    faulty.failDataFileReadsWith(null);
    clock.advance(Duration.ofSeconds(1));
    releaser.scheduledCycle();

    assertThat(releaser.problem()).isEmpty();
    assertThat(registry.recorded).extracting(DecisionRelease::version).containsExactly("1.1.0+1");
    assertThat(
            java.util.stream.IntStream.rangeClosed(1, 8)
                .mapToObj(DecisionReleaser.RETRY_WAIT::after)
                .map(Duration::toSeconds))
        .containsExactly(5L, 10L, 20L, 40L, 80L, 160L, 300L, 300L);
  }

  @Test
  void aTagThatRacesTheCommittersAppendIsCommittedAgainWithoutAnotherAudit() {
    commit(12, 0.5);
    // The committer appends every second; here its append lands while the tag is being committed.
    FaultyOperations faulty = FaultyOperations.wrap(table()).beforeNextCommit(() -> commit(3, 0.5));
    DecisionReleaser releaser = releaser(faulty.table("risk.decisions_v1"), MINUTE);

    DecisionRelease release = releaser.cycle(true).orElseThrow();

    assertThat(releaser.problem()).isEmpty();
    assertThat(registry.failed).isEmpty();
    assertThat(registry.started).containsExactly("1.1.0+1");
    // The snapshot the rules judged is the one tagged, not the append that raced it.
    assertThat(release.rows()).isEqualTo(12);
    assertThat(table().refs().get("v1.1.0+1").snapshotId()).isEqualTo(release.snapshotId());
    DecisionRelease next = releaser.cycle(true).orElseThrow();
    assertThat(next.version()).isEqualTo("1.1.0+2");
    assertThat(next.addedRows()).isEqualTo(3);
  }

  @Test
  void aTagCommitThatNeverLandedIsCutAgainUnderTheSameRun() {
    commit(12, 0.5);
    FaultyOperations faulty = FaultyOperations.wrap(table()).then(Fault.UNKNOWN_BEFORE_COMMIT);
    DecisionReleaser releaser = releaser(faulty.table("risk.decisions_v1"), MINUTE);

    assertThat(releaser.cycle(true)).isEmpty();
    assertThat(table().refs()).doesNotContainKey("v1.1.0+1");

    assertThat(releaser.cycle(true)).map(DecisionRelease::version).contains("1.1.0+1");
    assertThat(registry.recorded).extracting(DecisionRelease::version).containsExactly("1.1.0+1");
  }

  @Test
  void aCrashRightAfterTheTagIsRecordedByTheRestartedEngine() {
    commit(12, 0.5);
    FaultyOperations faulty = FaultyOperations.wrap(table()).then(Fault.CRASH_AFTER_COMMIT);
    DecisionReleaser crashed = releaser(faulty.table("risk.decisions_v1"), MINUTE);
    assertThatThrownBy(() -> crashed.cycle(true)).isInstanceOf(FaultyOperations.Crash.class);

    commit(3, 0.5);
    DecisionReleaser restarted = releaser(MINUTE);
    assertThat(restarted.cycle(true)).map(DecisionRelease::version).contains("1.1.0+2");

    assertThat(registry.recorded)
        .extracting(DecisionRelease::version, DecisionRelease::rows, DecisionRelease::recovered)
        .containsExactly(tuple("1.1.0+1", 12L, true), tuple("1.1.0+2", 15L, false));
  }

  @Test
  void runNumbersContinueAfterARestartAndAreNeverReused() {
    commit(5, 0.5);
    releaser(MINUTE).cycle(true);
    commit(5, 0.5);
    releaser(MINUTE).cycle(true);

    commit(5, 0.5);
    DecisionRelease third = releaser(MINUTE).cycle(true).orElseThrow();

    assertThat(third.version()).isEqualTo("1.1.0+3");
    assertThat(registry.recorded)
        .extracting(DecisionRelease::version)
        .containsExactly("1.1.0+1", "1.1.0+2", "1.1.0+3");
    assertThat(registry.recorded).extracting(DecisionRelease::snapshotId).doesNotHaveDuplicates();
    // A restart with nothing new shows the newest release in health, and releases nothing.
    DecisionReleaser restarted = releaser(MINUTE);
    assertThat(restarted.cycle(true)).isEmpty();
    assertThat(restarted.lastVersion()).contains("1.1.0+3");
    assertThat(registry.recorded).hasSize(3);
  }

  @Test
  void anEngineRolledBackToAnOlderContractGoesOnReleasingItsRuns() {
    commit(5, 0.5);
    releaser(MINUTE).cycle(true);
    commit(5, 0.5);
    releaser(MINUTE).cycle(true);
    ProductDescriptor older = DecisionTable.product();
    ProductDescriptor newer = older.withContract("1.2.0", older.contract());
    commit(5, 0.5);
    new DecisionReleaser(table(), newer, MINUTE, registry, clock).cycle(true);

    commit(5, 0.5);
    DecisionReleaser rolledBack = releaser(MINUTE);
    DecisionRelease next = rolledBack.cycle(true).orElseThrow();

    // Its recorded runs are not taken for unrecorded ones because a newer contract released since.
    assertThat(rolledBack.problem()).isEmpty();
    assertThat(next.version()).isEqualTo("1.1.0+3");
    assertThat(next.recovered()).isFalse();
    assertThat(next.addedRows()).isEqualTo(10);
    assertThat(registry.recorded)
        .extracting(DecisionRelease::version)
        .containsExactly("1.1.0+1", "1.1.0+2", "1.2.0+1", "1.1.0+3");
  }

  @Test
  void olderDataOnlyTagsExpireWithTheSnapshotsWhileTheNewestAndFullReleasesStay() {
    commit(5, 0.5);
    // A full release of the contract, as the SDK's publish tags it.
    table().manageSnapshots().createTag("v1.0.0", table().currentSnapshot().snapshotId()).commit();
    DecisionReleaser releaser =
        releaser(new ReleaseCadence(Duration.ofMinutes(1), 100, Duration.ofMillis(1)));
    releaser.cycle(true);
    commit(5, 0.5);
    releaser.cycle(true);
    commit(5, 0.5);
    releaser.cycle(true);

    assertThat(table().refs().get("v1.1.0+1").maxRefAgeMs()).isEqualTo(1L);
    assertThat(table().refs().get("v1.1.0+2").maxRefAgeMs()).isEqualTo(1L);
    assertThat(table().refs().get("v1.1.0+3").maxRefAgeMs()).isNull();
    assertThat(table().refs().get("v1.0.0").maxRefAgeMs()).isNull();

    // Every tagged snapshot is older than the 1 ms max-ref-age once the clock has moved past it.
    long newest = table().currentSnapshot().timestampMillis();
    sleepUntil(newest + 2);
    new TableHygiene(table(), TableHygiene.Options.defaults()).expireSnapshots();

    assertThat(table().refs().keySet()).containsExactlyInAnyOrder("main", "v1.0.0", "v1.1.0+3");
    assertThat(registry.recorded)
        .extracting(DecisionRelease::version)
        .containsExactly("1.1.0+1", "1.1.0+2", "1.1.0+3");
    // Numbering and the next release's delta carry on from what is left.
    commit(4, 0.5);
    DecisionRelease fourth = releaser.cycle(true).orElseThrow();
    assertThat(fourth.version()).isEqualTo("1.1.0+4");
    assertThat(fourth.addedRows()).isEqualTo(4);
    assertThat(table().refs().get("v1.1.0+3").maxRefAgeMs()).isEqualTo(1L);
  }

  @Test
  void olderTagsAreThinnedToTheFirstOfEachPeriodWhichOutlivesTheOthers() {
    // Periods run on the snapshots' own commit times, the real clock: long enough that a pair's
    // two commits and the release between them (a dozen fsyncs) stay in one on a loaded machine.
    Duration period = Duration.ofSeconds(6);
    DecisionReleaser releaser =
        releaser(new ReleaseCadence(Duration.ofMinutes(1), 100, Duration.ofDays(3), period));
    // Two releases early in one period, two early in the next.
    for (int inPeriod = 0; inPeriod < 2; inPeriod++) {
      startOfNextPeriod(period);
      commit(5, 0.5);
      releaser.cycle(true);
      commit(5, 0.5);
      releaser.cycle(true);
    }
    // The premise, so that a pair split by a period boundary reads as that, not as thinning wrong.
    assertThat(periodOf("v1.1.0+2", period))
        .as("releases 1 and 2 in one period")
        .isEqualTo(periodOf("v1.1.0+1", period));

    assertThat(table().refs().get("v1.1.0+1").maxRefAgeMs())
        .isEqualTo(Duration.ofDays(3).toMillis());
    assertThat(table().refs().get("v1.1.0+2").maxRefAgeMs()).isEqualTo(period.toMillis());
    assertThat(table().refs().get("v1.1.0+3").maxRefAgeMs())
        .isEqualTo(Duration.ofDays(3).toMillis());
    assertThat(table().refs().get("v1.1.0+4").maxRefAgeMs()).isNull();

    // Once the second one is older than the period, expiry drops it and only it.
    long second = table().snapshot(table().refs().get("v1.1.0+2").snapshotId()).timestampMillis();
    sleepUntil(second + period.toMillis() + 1);
    new TableHygiene(table(), TableHygiene.Options.defaults()).expireSnapshots();
    assertThat(table().refs().keySet())
        .containsExactlyInAnyOrder("main", "v1.1.0+1", "v1.1.0+3", "v1.1.0+4");
  }

  @Test
  void expiryKeepsTheHistoryDownToTheNewestReleaseSoTheNextAuditReadsOnlyWhatIsNew() {
    commit(5, 0.5);
    DecisionReleaser releaser = releaser(MINUTE);
    releaser.cycle(true);
    for (int n = 0; n < 3; n++) {
      commit(5, 0.5);
    }

    new TableHygiene(table(), new TableHygiene.Options(Duration.ZERO, 1, 16L << 20, 5, 128L << 20))
        .expireSnapshots();
    DecisionRelease next = releaser.cycle(true).orElseThrow();

    // The three appends since the release are read, not the whole table's 20 decisions again.
    assertThat(next.addedRows()).isEqualTo(15);
    assertThat(next.rows()).isEqualTo(20);
  }

  @Test
  void withoutTheHistoryToItsBaseTheNextAuditReadsTheWholeRelease() {
    commit(5, 0.5);
    DecisionReleaser releaser = releaser(MINUTE);
    releaser.cycle(true);
    for (int n = 0; n < 3; n++) {
      commit(5, 0.5);
    }

    // What the history kept down to the newest tag prevents: an hour's cap, here none.
    new TableHygiene(
            table(),
            new TableHygiene.Options(Duration.ZERO, 1, 16L << 20, 5, 128L << 20, Duration.ZERO))
        .expireSnapshots();
    DecisionRelease next = releaser.cycle(true).orElseThrow();

    assertThat(next.addedRows()).isEqualTo(20);
  }

  @Test
  void snapshotsAndTagsStayBoundedHoweverManyCommitsAndReleasesThereAre() {
    // The engine's defaults in miniature: a commit a second and a release a minute with expiry
    // every minute become 400 commits, a release every 20 and an expiry every 40; tags thinned
    // after a second, the first of each second kept four.
    DecisionReleaser releaser =
        releaser(
            new ReleaseCadence(
                Duration.ofMinutes(1), 100, Duration.ofSeconds(4), Duration.ofSeconds(1)));
    TableHygiene hygiene =
        new TableHygiene(
            table(), new TableHygiene.Options(Duration.ZERO, 5, 16L << 20, 5, 128L << 20));
    List<String> sizes = new ArrayList<>();
    for (int n = 1; n <= 400; n++) {
      commit(1, 0.5);
      if (n % 20 == 0) {
        releaser.cycle(true);
      }
      if (n % 40 == 0) {
        hygiene.expireSnapshots();
        sizes.add(hygiene.snapshotsKept() + " snapshots, " + hygiene.metadataBytes() + " bytes");
      }
    }

    Table table = table();
    // Since the newest release (20) and the last five, beside the tags still kept.
    assertThat(count(table.snapshots())).as("after each expiry: %s", sizes).isLessThanOrEqualTo(50);
    // What the engine's metrics show is the table's own: its snapshots and its metadata file.
    assertThat(hygiene.snapshotsKept()).isEqualTo(count(table.snapshots()));
    assertThat(hygiene.metadataBytes())
        .isEqualTo(
            table
                .io()
                .newInputFile(
                    ((HasTableOperations) table).operations().current().metadataFileLocation())
                .getLength());
    assertThat(table.refs().keySet().stream().filter(ref -> ref.startsWith("v1.1.0+")))
        .as("data-only tags of 20 releases")
        .hasSizeLessThanOrEqualTo(10)
        .contains("v1.1.0+20");
    // Every release audited only what it added: expiry kept the history down to its base.
    assertThat(registry.recorded).hasSize(20).allMatch(release -> release.addedRows() == 20);
  }

  @Test
  void tagsCutUnderAnotherRetentionTakeTheConfiguredOneWithoutARelease() {
    commit(5, 0.5);
    releaser(MINUTE).cycle(true);
    commit(5, 0.5);
    releaser(MINUTE).cycle(true);
    assertThat(table().refs().get("v1.1.0+1").maxRefAgeMs())
        .isEqualTo(ReleaseCadence.DEFAULT_TAG_MAX_AGE.toMillis());

    DecisionReleaser restarted =
        releaser(new ReleaseCadence(Duration.ofMinutes(1), 100, Duration.ofDays(7)));
    assertThat(restarted.cycle(false)).isEmpty();

    assertThat(table().refs().get("v1.1.0+1").maxRefAgeMs())
        .isEqualTo(Duration.ofDays(7).toMillis());
    assertThat(table().refs().get("v1.1.0+2").maxRefAgeMs()).isNull();
    assertThat(registry.recorded).hasSize(2);
  }

  @Test
  void closeCutsAFinalReleaseOfWhatIsUnreleased() {
    DecisionReleaser releaser = releaser(new ReleaseCadence(Duration.ofDays(1), 1_000_000));
    releaser.start(Duration.ofHours(1));
    commit(7, 0.5);

    releaser.close();

    assertThat(registry.recorded).extracting(DecisionRelease::version).containsExactly("1.1.0+1");
    assertThat(registry.recorded.get(0).rows()).isEqualTo(7);
  }

  private DecisionReleaser releaser(ReleaseCadence cadence) {
    return releaser(table(), cadence);
  }

  private DecisionReleaser releaser(Table table, ReleaseCadence cadence) {
    return new DecisionReleaser(table, DecisionTable.product(), cadence, registry, clock);
  }

  private Table table() {
    return catalog.loadTable(TableIdentifier.parse("risk.decisions_v1"));
  }

  /** Commits {@code count} decisions as the committer does, with risk score {@code score}. */
  private void commit(int count, double score) {
    Table table = table();
    List<AssessedClaim> claims = new ArrayList<>();
    long first = committed + 1;
    for (int i = 0; i < count; i++) {
      int n = (int) committed++;
      AssessedClaim claim = Samples.full(n, NOW.minusSeconds(60));
      claim.decision().setRiskScore(score);
      claims.add(claim);
    }
    AppendFiles append = table.newAppend();
    TableFiles.ofDecisions(table, "decisions-" + first + "-" + committed, first, claims)
        .forEach(append::appendFile);
    append.set(CommittedPosition.FIRST_SEQUENCE, Long.toString(first));
    append.set(CommittedPosition.LAST_SEQUENCE, Long.toString(committed));
    append.commit();
  }

  /** Waits until just after the start of the next {@code period} counted from the epoch. */
  private static void startOfNextPeriod(Duration period) {
    long length = period.toMillis();
    sleepUntil((System.currentTimeMillis() / length + 1) * length + 10);
  }

  private long periodOf(String tag, Duration period) {
    return table().snapshot(table().refs().get(tag).snapshotId()).timestampMillis()
        / period.toMillis();
  }

  /** Sleeps, not spins: a spin takes one of the machine's two cores from the commits. */
  private static void sleepUntil(long epochMillis) {
    for (long now = System.currentTimeMillis();
        now < epochMillis;
        now = System.currentTimeMillis()) {
      try {
        Thread.sleep(epochMillis - now);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + epochMillis, e);
      }
    }
  }

  private static int count(Iterable<?> items) {
    int count = 0;
    for (Object ignored : items) {
      count++;
    }
    return count;
  }
}
