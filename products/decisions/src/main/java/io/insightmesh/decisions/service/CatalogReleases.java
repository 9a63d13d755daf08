package io.insightmesh.decisions.service;

import static java.util.Objects.requireNonNull;

import io.insightmesh.contracts.spec.ProductDescriptors;
import io.insightmesh.decisions.assess.AssessmentService;
import io.insightmesh.decisions.table.ClaimsProduct;
import io.insightmesh.decisions.table.DecisionRelease;
import io.insightmesh.decisions.table.DecisionReleaser;
import io.insightmesh.decisions.table.DecisionTable;
import io.insightmesh.decisions.table.ProfileLoader;
import io.insightmesh.sdk.publish.CatalogConnection;
import io.insightmesh.sdk.publish.LineageEmitter;
import io.insightmesh.sdk.publish.LineageInput;
import io.insightmesh.sdk.publish.RegistryClient;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Records the engine's data-only releases of {@code risk.decisions} the way the SDK's publish
 * records its releases: in the catalog registry with their quality results, and as OpenLineage runs
 * of the job {@value #JOB} that read the claims and profiles products and wrote the decisions
 * product. Events name datasets, columns and rule outcomes only, never a claim's values.
 */
final class CatalogReleases implements DecisionReleaser.Recorder {
  /** The engine's lineage job. */
  static final String JOB = "risk.scoring-engine";

  private static final java.util.regex.Pattern DATA_ONLY =
      java.util.regex.Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+\\+[0-9]+");

  private final RegistryClient registry;
  private final LineageEmitter lineage;
  private final String namespace;
  private final AssessmentService assessments;

  /** Open lineage runs by release version; the releaser's cycle makes one call at a time. */
  private final Map<String, Open> runs = new HashMap<>();

  /**
   * A release's open lineage run and, once its recording was attempted, the release: if the
   * registry took it but its answer was lost, the next cycle finds it listed and never asks again.
   * A recorded release whose COMPLETE the catalog did not take stays here too, and the next cycle
   * sends the COMPLETE again on the same run.
   */
  private record Open(LineageEmitter.Run run, DecisionRelease attempted) {}

  /** Its own registry client: {@link RegistryClient} is not thread-safe. */
  CatalogReleases(CatalogConnection connection, AssessmentService assessments) {
    this.registry = new RegistryClient(requireNonNull(connection, "connection is null"));
    this.lineage = new LineageEmitter(connection, registry::token);
    this.namespace = connection.icebergUri().toString();
    this.assessments = requireNonNull(assessments, "assessments is null");
  }

  /**
   * The newest data-only release of {@code contractVersion} among the newest 200: a release the
   * risk team published with the SDK in between (another build suffix), or the releases of a newer
   * contract before the engine was rolled back, do not hide the engine's.
   */
  @Override
  public java.util.Optional<String> latestVersion(String contractVersion) {
    return registry.releases(DecisionTable.PRODUCT_ID, 200).stream()
        .filter(release -> release.contractVersion().equals(contractVersion))
        .map(RegistryClient.RecordedRelease::version)
        .filter(version -> DATA_ONLY.matcher(version).matches())
        .findFirst();
  }

  /**
   * Starts the release's lineage run, or keeps the one a cycle that could not record the release
   * started: the next cycle records the same release, and a second START would leave the first run
   * open in the lineage graph for ever. Runs of other releases still open end here: a release is
   * cut only once those before it are recorded.
   */
  @Override
  public synchronized void starting(String version) {
    endOthers(version);
    if (runs.containsKey(version)) {
      return;
    }
    LineageEmitter.Run run =
        lineage.run(JOB, DecisionTable.PRODUCT_ID, DecisionTable.product().table(), inputs());
    runs.put(version, new Open(run, null));
    run.start();
  }

  @Override
  public synchronized void failed(String version, String reason) {
    Open open = runs.remove(version);
    if (open != null) {
      open.run().fail(null, null, reason);
    }
  }

  @Override
  public synchronized void record(DecisionRelease release) {
    Open open = runs.get(release.version());
    LineageEmitter.Run run;
    if (open == null) {
      run = lineage.run(JOB, DecisionTable.PRODUCT_ID, DecisionTable.product().table(), inputs());
      run.start();
    } else {
      run = open.run();
    }
    runs.put(release.version(), new Open(run, release));
    registry.recordRelease(
        DecisionTable.PRODUCT_ID,
        release.version(),
        release.snapshotId(),
        release.rows(),
        release.contractVersion(),
        release.qualityJson());
    if (complete(run, release)) {
      runs.remove(release.version());
    }
  }

  private void endOthers(String version) {
    for (Iterator<Map.Entry<String, Open>> open = runs.entrySet().iterator(); open.hasNext(); ) {
      Map.Entry<String, Open> entry = open.next();
      if (entry.getKey().equals(version)) {
        continue;
      }
      Open other = entry.getValue();
      if (other.attempted() != null) {
        // Recorded after all: the registry lists it, or the cycle would have recorded it first.
        // A completion the catalog did not take stays for the next cycle to send again.
        if (complete(other.run(), other.attempted())) {
          open.remove();
        }
      } else {
        open.remove();
        other.run().fail(null, null, "the release was abandoned before it was tagged");
      }
    }
  }

  /** Whether the catalog took the release's COMPLETE. */
  private static boolean complete(LineageEmitter.Run run, DecisionRelease release) {
    return run.complete(
        release.schema(), release.addedRows(), release.addedBytes(), release.quality());
  }

  /**
   * What the decisions were made from, by product table (the catalog resolves tables to products):
   * the claims — the same claims the claims domain publishes as {@code claims.claims}, though they
   * reach the engine over HTTP first — whose id, claimant and scheme each decision copies, and the
   * profiles release it looked claimants up in, once one is loaded.
   */
  private List<LineageInput> inputs() {
    LineageInput claims =
        new LineageInput(
            namespace,
            ProductDescriptors.builtIn(ClaimsProduct.PRODUCT_ID).table(),
            List.of("claim_id", "claimant_id", "scheme"));
    if (assessments.profiles().release().isEmpty()) {
      return List.of(claims);
    }
    return List.of(
        claims,
        new LineageInput(
            namespace, ProductDescriptors.builtIn(ProfileLoader.PRODUCT_ID).table(), List.of()));
  }
}
