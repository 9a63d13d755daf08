package io.insightmesh.decisions.table;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The catalog's registry as the releaser uses it: the newest recorded version of a contract, and
 * records, kept in memory. It refuses a release recorded twice, as the catalog's registry does.
 */
public final class RecordingRegistry implements DecisionReleaser.Recorder {
  /** Written by the releaser's thread, read by the test's. */
  public final List<DecisionRelease> recorded = new CopyOnWriteArrayList<>();

  final List<String> started = new CopyOnWriteArrayList<>();
  final List<String> failed = new CopyOnWriteArrayList<>();
  volatile boolean refuse;

  @Override
  public Optional<String> latestVersion(String contractVersion) {
    return recorded.stream()
        .filter(release -> release.contractVersion().equals(contractVersion))
        .reduce((first, second) -> second)
        .map(DecisionRelease::version);
  }

  @Override
  public void starting(String version) {
    started.add(version);
  }

  @Override
  public void failed(String version, String reason) {
    failed.add(version);
  }

  @Override
  public void record(DecisionRelease release) {
    if (refuse) {
      throw new IllegalStateException("Cannot record release: the catalog answered 503");
    }
    if (recorded.stream().anyMatch(r -> r.version().equals(release.version()))) {
      throw new IllegalStateException("Recorded twice: " + release.version());
    }
    recorded.add(release);
  }
}
