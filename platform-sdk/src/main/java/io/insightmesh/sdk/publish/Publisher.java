package io.insightmesh.sdk.publish;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.transform;
import static org.apache.spark.sql.functions.transform_keys;
import static org.apache.spark.sql.functions.transform_values;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.insightmesh.contracts.spec.ContractSpec;
import io.insightmesh.contracts.spec.FieldNames;
import io.insightmesh.contracts.spec.ProductDescriptor;
import io.insightmesh.contracts.spec.QualityRule;
import io.insightmesh.sdk.contract.CompatibilityReport;
import io.insightmesh.sdk.contract.ContractCompatibility;
import io.insightmesh.sdk.contract.ContractViolationException;
import io.insightmesh.sdk.contract.ReleaseCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableCommit;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NotAuthorizedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.rest.RESTCatalog;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.iceberg.spark.SparkWriteOptions;
import org.apache.iceberg.types.Types;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriterV2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.Await;
import scala.concurrent.duration.Duration;

/**
 * Publishes data products by write-audit-publish: the data is written to a staging branch of the
 * product's Iceberg table, the contract's quality rules run on that staged snapshot with Spark, and
 * only then {@code main} is fast-forwarded and the release tagged — for every table of the release
 * in one atomic catalog transaction — and the release recorded in the registry.
 *
 * <p>A failed rule leaves {@code main} untouched. A publish run again after a crash never makes a
 * second release or duplicate rows: the release tag says whether it was published, and each run
 * stages on a branch of its own, so a crashed run's branch is never written again; the publishing
 * commit of the version removes it.
 */
public final class Publisher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
  static final String LATEST_QUALITY = "mesh.release.latest.quality";
  static final String LATEST_VERSION = "mesh.release.latest.version";

  /**
   * With a release's tag appended, the id of the lineage run that published it, until the catalog
   * took the COMPLETE of that run or a later one. The registry answers a rerun alike whether the
   * publishing run saw it record the release or lost its answer and failed, and a run's COMPLETE
   * the catalog refused or never got fails no publish; only this mark tells a rerun that lineage
   * still lacks the release's completion.
   */
  private static final String PENDING_RUN = "mesh.release.pending-run.";

  /** The table property that marks {@code request}'s release as pending in lineage. */
  private static String pendingKey(PublishRequest request) {
    return PENDING_RUN + request.tag();
  }

  /** Lineage states of a run that started and has not ended. */
  private static final Set<String> UNENDED = Set.of("START", "RUNNING");

  private static final long OBSERVATION_WAIT_SECONDS = 60;

  private final SparkSession spark;
  private final CatalogConnection connection;
  private final RESTCatalog catalog;
  private final RegistryClient registry;
  private final LineageEmitter lineage;
  private final Clock clock;
  private final String sparkCatalog;

  public Publisher(SparkSession spark, CatalogConnection connection) {
    this(spark, connection, Clock.systemUTC());
  }

  /**
   * A publisher whose freshness rules judge the data as of {@code clock}'s time: the present in
   * production, a past instant when historical data is replayed.
   */
  public Publisher(SparkSession spark, CatalogConnection connection, Clock clock) {
    this.spark = spark;
    this.connection = connection;
    this.clock = clock;
    this.sparkCatalog = "publish_" + connection.principal().replaceAll("[^A-Za-z0-9]", "_");
    connection.register(spark, sparkCatalog);
    // Nulls in required columns are caught before staging, with a report instead of a stack trace.
    spark.conf().set("spark.sql.iceberg.check-nullability", "false");
    this.catalog = new RESTCatalog();
    catalog.setConf(spark.sparkContext().hadoopConfiguration());
    catalog.initialize("mesh-publisher", connection.icebergProperties());
    this.registry = new RegistryClient(connection);
    this.lineage = new LineageEmitter(connection, registry::token);
  }

  /** Publishes one product release. */
  public PublishResult publish(PublishRequest request) {
    return publishAll(List.of(request)).get(0);
  }

  /**
   * Publishes several products' releases atomically: either every table's {@code main} moves to its
   * audited snapshot and is tagged, or none does. Every lineage run a release starts ends COMPLETE
   * or FAIL, whichever of them fails and wherever.
   *
   * @throws QualityCheckFailedException if any release fails a quality rule (nothing is published)
   * @throws ValueConversionException if input values would not be stored as given (nothing is
   *     published)
   * @throws io.insightmesh.sdk.contract.ContractViolationException if a version bump is smaller
   *     than its contract change
   * @throws PublishOutcomeUnknownException if the publishing commit's outcome is unknown: the
   *     publish run again finds out
   * @throws PublishException naming the product and stage for any other failure
   */
  public List<PublishResult> publishAll(List<PublishRequest> requests) {
    return publishAll(requests, new CatalogSteps());
  }

  /**
   * What {@link #publishAll(List)} does with the catalog, step by step. Apart from the order it
   * takes them in, and from how it ends the lineage runs of releases a later step fails, so those
   * can be tested without a catalog.
   */
  interface Steps {
    /**
     * Registers the contract and makes the table; answers the release's snapshot if its tag exists
     * already (published by an earlier run, perhaps one that crashed before recording it).
     */
    Optional<ReleaseSnapshot> prepare(PublishRequest request);

    /**
     * Writes the release to a staging branch and audits it. Starts the release's lineage run, and
     * fails it when this step fails.
     */
    Staged stageAndAudit(PublishRequest request);

    /**
     * Fast-forwards every release's {@code main} and tags it, in one transaction.
     *
     * @throws PublishOutcomeUnknownException if it may or may not have landed
     * @throws PublishException if refused: nothing was published
     */
    void commit(List<Staged> releases);

    /** Records a published release in the registry; whether this recorded it (not one before). */
    boolean record(PublishRequest request, ReleaseSnapshot release);

    /**
     * The mark of a published release whose lineage still lacks its COMPLETE, the id of the run
     * that published it: the publishing commit marks every release so, and {@link #completed}
     * clears the mark once the catalog took a COMPLETE. Empty if there is none, or it cannot be
     * read.
     */
    Optional<String> pendingMark(PublishRequest request);

    /**
     * Clears the mark of a release whose lineage run completed: the catalog took its COMPLETE.
     * Lineage is recorded, not required: a mark left by a failure here only makes a later rerun
     * complete the release again.
     */
    void completed(PublishRequest request);

    /**
     * Undoes what the publish changed before a release was refused: staging branches, contracts.
     */
    void undo(List<Staged> staged);

    /** A new lineage run of publishing {@code request}. */
    LineageEmitter.Run run(PublishRequest request);

    /**
     * The lineage run that published {@code request}'s release, as its {@code mark} names it, if
     * lineage shows that run started and never ended; empty if lineage shows the run ended or does
     * not have it, or cannot be asked: a new run then completes the release.
     */
    Optional<LineageEmitter.Run> unendedRun(PublishRequest request, String mark);
  }

  /**
   * The releases of {@code requests}, published with {@code steps}. Releases staged together are
   * published only together: one that passed its audit is not published when another fails or the
   * commit is refused, and its run fails saying why. A run whose release the commit published ends
   * COMPLETE once the registry recorded it; if recording fails, FAIL, saying the release is
   * published but not recorded, and the run that records it later, or finds it recorded after all
   * (its answer was lost), emits its own START and COMPLETE. A rerun of a release whose run never
   * ended (the process died after the commit, or the catalog did not take its COMPLETE) completes
   * that run: the release's mark names it, and stays until a COMPLETE is taken. An unknown commit
   * outcome fails every run saying so: it never claims a success.
   */
  static List<PublishResult> publishAll(List<PublishRequest> requests, Steps steps) {
    List<Staged> staged = new ArrayList<>();
    List<PublishResult> results = new ArrayList<>();
    for (PublishRequest request : requests) {
      try {
        Optional<ReleaseSnapshot> tagged = steps.prepare(request);
        if (tagged.isPresent()) {
          results.add(recordTagged(request, tagged.get(), steps));
        } else {
          staged.add(steps.stageAndAudit(request));
        }
      } catch (RuntimeException e) {
        fail(
            staged,
            release ->
                "Not published: it is published together with "
                    + name(request)
                    + ", which "
                    + (e instanceof QualityCheckFailedException
                        ? "failed its quality rules"
                        : e instanceof ValueConversionException
                            ? "holds values its contract's types cannot hold exactly"
                            : "could not be published"));
        steps.undo(staged);
        throw e;
      }
    }
    if (staged.isEmpty()) {
      return results;
    }
    try {
      steps.commit(staged);
    } catch (PublishOutcomeUnknownException e) {
      fail(
          staged,
          release ->
              "The publishing commit has an unknown outcome: "
                  + name(release.request())
                  + " may or may not be published (tag "
                  + release.request().tag()
                  + " was not visible); running the publish again finds out, and records it if"
                  + " it is");
      throw e;
    } catch (RuntimeException e) {
      fail(
          staged,
          release -> "Not published: the publishing commit was refused: " + DataErrors.describe(e));
      throw e;
    }
    for (int index = 0; index < staged.size(); index++) {
      Staged release = staged.get(index);
      try {
        steps.record(release.request(), release.snapshot());
      } catch (RuntimeException e) {
        fail(
            staged.subList(index, staged.size()),
            unrecorded ->
                "Published as tag "
                    + unrecorded.request().tag()
                    + " of "
                    + unrecorded.request().product().table()
                    + ", but not recorded in the registry ("
                    + DataErrors.describe(e)
                    + "); running the publish again records it");
        throw e;
      }
      complete(release.request(), release.run(), release.snapshot(), steps);
      results.add(result(release.request(), release.snapshot(), false));
    }
    return results;
  }

  /**
   * Records a release an earlier run published. If this is what records it, that run did not get to
   * (it crashed, or its run failed saying the release was not recorded); if the registry had it
   * already but its completion is pending, that run lost the registry's answer and failed, or the
   * catalog did not take its COMPLETE. Either way lineage must come to hold the release's
   * completion, with its schema, statistics and quality: on the earlier run itself if lineage shows
   * it started and never ended (killed after the commit, or its COMPLETE not taken), so no run is
   * left open for ever; otherwise (it failed, saying why) on a run of this one's own, START and
   * COMPLETE. A rerun of a completed release emits nothing.
   */
  private static PublishResult recordTagged(
      PublishRequest request, ReleaseSnapshot release, Steps steps) {
    // Read even when this records the release: the mark names the run to complete.
    boolean recordedNow = steps.record(request, release);
    Optional<String> mark = steps.pendingMark(request);
    if (recordedNow || mark.isPresent()) {
      Optional<LineageEmitter.Run> unended = mark.flatMap(run -> steps.unendedRun(request, run));
      LineageEmitter.Run run = unended.orElseGet(() -> steps.run(request));
      if (unended.isEmpty()) {
        run.start();
      }
      complete(request, run, release, steps);
    }
    return result(request, release, true);
  }

  /**
   * Completes {@code run} of a published and recorded release, and clears its mark only if the
   * catalog took the COMPLETE: otherwise lineage shows the release open or failed, and the mark
   * makes the next run of the publish complete it.
   */
  private static void complete(
      PublishRequest request, LineageEmitter.Run run, ReleaseSnapshot release, Steps steps) {
    if (run.complete(release.schema(), release.rows(), release.bytes(), release.report())) {
      steps.completed(request);
    } else {
      LOG.warn(
          "{} {} is published, but lineage did not take its COMPLETE; its mark {} stays on {}, so"
              + " the next run of the publish completes it",
          request.product().id(),
          request.version(),
          pendingKey(request),
          request.product().table());
    }
  }

  /** Fails the runs of {@code releases} still open, each for the reason {@code why} gives it. */
  private static void fail(List<Staged> releases, Function<Staged, String> why) {
    for (Staged release : releases) {
      if (!release.run().ended()) {
        ReleaseSnapshot snapshot = release.snapshot();
        release.run().fail(snapshot.schema(), snapshot.report(), why.apply(release));
      }
    }
  }

  private static PublishResult result(
      PublishRequest request, ReleaseSnapshot release, boolean alreadyPublished) {
    return new PublishResult(
        request.product().id(),
        request.version(),
        request.product().table(),
        release.snapshotId(),
        release.rows(),
        alreadyPublished,
        release.report());
  }

  private static String name(PublishRequest request) {
    return request.product().id() + " " + request.version();
  }

  /**
   * A release's snapshot, staged or tagged: what the registry records of it ({@code rows}, its
   * quality) and lineage tells of it ({@code schema}, {@code bytes}).
   */
  record ReleaseSnapshot(
      long snapshotId, long rows, long bytes, Schema schema, QualityReport report) {
    ReleaseSnapshot {
      Objects.requireNonNull(schema, "schema is null");
      Objects.requireNonNull(report, "report is null");
    }
  }

  /**
   * A release staged and audited, ready for the publishing commit; {@code mainAtStaging}: the
   * snapshot {@code main} was at when the staging branch was made from it (null: none yet).
   */
  record Staged(
      PublishRequest request,
      TableIdentifier table,
      String branch,
      Long mainAtStaging,
      ReleaseSnapshot snapshot,
      LineageEmitter.Run run) {}

  /** The steps with this publisher's catalog, registry and lineage, for one publishAll. */
  private final class CatalogSteps implements Steps {
    private final List<Before> before = new ArrayList<>();

    @Override
    public Optional<ReleaseSnapshot> prepare(PublishRequest request) {
      before.add(before(request));
      return Publisher.this.prepare(request);
    }

    @Override
    public Staged stageAndAudit(PublishRequest request) {
      return Publisher.this.stageAndAudit(request);
    }

    @Override
    public void commit(List<Staged> releases) {
      Publisher.this.commit(releases);
    }

    @Override
    public boolean record(PublishRequest request, ReleaseSnapshot release) {
      return registry.recordRelease(
          request.product().id(),
          request.version(),
          release.snapshotId(),
          release.rows(),
          request.contractVersion(),
          release.report().json());
    }

    @Override
    public Optional<String> pendingMark(PublishRequest request) {
      String pending = pendingKey(request);
      try {
        return Optional.ofNullable(
            catalog
                .loadTable(TableIdentifier.parse(request.product().table()))
                .properties()
                .get(pending));
      } catch (RuntimeException e) {
        // The release is published and recorded: not knowing about its lineage fails no publish.
        LOG.warn(
            "Cannot tell whether {} {} is completed in lineage; its mark {} on {}, if there, makes"
                + " the next run of the publish complete it",
            request.product().id(),
            request.version(),
            pending,
            request.product().table(),
            e);
        return Optional.empty();
      }
    }

    @Override
    public void completed(PublishRequest request) {
      String pending = pendingKey(request);
      try {
        Table table = catalog.loadTable(TableIdentifier.parse(request.product().table()));
        if (table.properties().containsKey(pending)) {
          table.updateProperties().remove(pending).commit();
        }
      } catch (RuntimeException e) {
        LOG.warn(
            "{} {} is completed in lineage but its mark {} stays on {}; running the publish again"
                + " completes it again",
            request.product().id(),
            request.version(),
            pending,
            request.product().table(),
            e);
      }
    }

    @Override
    public void undo(List<Staged> staged) {
      staged.forEach(Publisher.this::discard);
      restore(before);
    }

    @Override
    public LineageEmitter.Run run(PublishRequest request) {
      return lineage.run(request.product().id(), request.product().table(), request.inputs());
    }

    @Override
    public Optional<LineageEmitter.Run> unendedRun(PublishRequest request, String mark) {
      String pending = pendingKey(request);
      String product = request.product().id();
      try {
        UUID id = UUID.fromString(mark);
        Optional<String> state = registry.lineageRunState(LineageEmitter.publishJob(product), id);
        if (state.isEmpty() || !UNENDED.contains(state.get())) {
          return Optional.empty();
        }
        LOG.info(
            "{} {}: lineage run {} started and never ended; completing it",
            product,
            request.version(),
            id);
        return Optional.of(
            lineage.resume(id, product, request.product().table(), request.inputs()));
      } catch (RuntimeException e) {
        // A new run completes the release as well; only the earlier run stays open.
        LOG.warn(
            "Cannot tell whether the lineage run named by {} on {} ended; a new run completes {} {}",
            pending,
            request.product().table(),
            product,
            request.version(),
            e);
        return Optional.empty();
      }
    }
  }

  /**
   * A product's registration before a publish changed it (empty if it was not registered), and the
   * snapshot its table's {@code main} was at (null: none, or no table).
   */
  private record Before(PublishRequest request, Optional<ObjectNode> registration, Long main) {}

  private Before before(PublishRequest request) {
    return new Before(
        request, registry.registration(request.product().id()), mainOf(request.product()));
  }

  private Long mainOf(ProductDescriptor product) {
    TableIdentifier id = TableIdentifier.parse(product.table());
    Snapshot main = catalog.tableExists(id) ? catalog.loadTable(id).currentSnapshot() : null;
    return main == null ? null : main.snapshotId();
  }

  /**
   * Undoes what publishing changed before its data was refused: the product's registration (its
   * contract version above all) and its table's schema go back to the contract released before. The
   * contract version stays stored; until a release is published under it, it may be stored again
   * corrected. A product the publish registered stays registered, and a table it created stays
   * (empty). Nothing is undone once the table's {@code main} moved since the publish began: another
   * publish committed, perhaps of this same contract, and its release stands.
   */
  private void restore(List<Before> before) {
    for (int i = before.size() - 1; i >= 0; i--) {
      Before product = before.get(i);
      PublishRequest request = product.request();
      String id = request.product().id();
      if (product.registration().isEmpty()) {
        continue;
      }
      ObjectNode registration = product.registration().get();
      try {
        if (!Objects.equals(mainOf(request.product()), product.main())) {
          LOG.warn(
              "Not putting {} back to its previous contract: its table moved since the publish"
                  + " began",
              id);
          continue;
        }
        boolean restored =
            registry.restore(
                id, registration, request.contractVersion(), request.product().table());
        String contractVersion = registration.path("contractVersion").asText();
        if (restored
            && registration.path("icebergTable").asText().equals(request.product().table())
            && !contractVersion.equals(request.contractVersion())) {
          ProductTables.createOrLoad(
              catalog,
              request
                  .product()
                  .withContract(
                      contractVersion,
                      ContractSpec.parseRegistered(
                          registry.contract(id, contractVersion), id + " " + contractVersion)),
              contractVersion);
        }
      } catch (RuntimeException e) {
        // The next publish evolves the table from its released schema whatever this left.
        LOG.warn(
            "Cannot put {} back to contract {} after its publish failed",
            id,
            registration.path("contractVersion").asText(),
            e);
      }
    }
  }

  /**
   * Registers the contract and makes the table; answers the release's snapshot if it is tagged
   * already.
   */
  private Optional<ReleaseSnapshot> prepare(PublishRequest request) {
    ProductDescriptor product = request.product();
    checkVersion(request);
    registry.register(product, request.contractVersion());
    Table table = ensureTable(product, request.contractVersion());
    SnapshotRef tag = table.refs().get(request.tag());
    if (tag == null) {
      return Optional.empty();
    }
    // Published before (perhaps by a run that crashed before recording it): record, do not redo.
    Snapshot snapshot = table.snapshot(tag.snapshotId());
    long rows =
        Long.parseLong(snapshot.summary().getOrDefault(SnapshotSummary.TOTAL_RECORDS_PROP, "0"));
    LOG.info(
        "{} {} was already published as snapshot {}",
        product.id(),
        request.version(),
        snapshot.snapshotId());
    Schema schema = snapshot.schemaId() == null ? null : table.schemas().get(snapshot.schemaId());
    return Optional.of(
        new ReleaseSnapshot(
            snapshot.snapshotId(),
            rows,
            bytes(snapshot),
            schema == null ? table.schema() : schema,
            recoveredReport(table, request.version(), rows)));
  }

  private static long bytes(Snapshot snapshot) {
    return Long.parseLong(
        snapshot.summary().getOrDefault(SnapshotSummary.TOTAL_FILE_SIZE_PROP, "0"));
  }

  /**
   * A release's version must be at least the bump its contract change needs (DESIGN.md §4); a
   * data-only refresh ({@code +<run>}) keeps the contract exactly.
   */
  private void checkVersion(PublishRequest request) {
    ProductDescriptor product = request.product();
    Optional<RegistryClient.RecordedRelease> latest = registry.latestRelease(product.id());
    if (latest.isEmpty() || latest.get().version().equals(request.version())) {
      return;
    }
    Optional<String> previous = registry.currentContract(product.id());
    if (previous.isEmpty()) {
      return;
    }
    String released = latest.get().contractVersion();
    CompatibilityReport changes =
        ContractCompatibility.classify(
            ContractSpec.parseRegistered(previous.get(), product.id() + " " + released),
            product.contract());
    if (released.equals(request.contractVersion())) {
      if (!changes.changes().isEmpty()) {
        throw new ContractViolationException(
            "Cannot release "
                + product.id()
                + " "
                + request.version()
                + ": its contract differs from the released "
                + released
                + ", so it needs a new version:\n"
                + changes.toText());
      }
      return;
    }
    ReleaseCheck.check(product.id(), released, request.contractVersion(), changes);
  }

  private Table ensureTable(ProductDescriptor product, String contractVersion) {
    return ProductTables.createOrLoad(catalog, product, contractVersion);
  }

  private Staged stageAndAudit(PublishRequest request) {
    ProductDescriptor product = request.product();
    TableIdentifier id = TableIdentifier.parse(product.table());
    Table table = catalog.loadTable(id);
    LineageEmitter.Run run = lineage.run(product.id(), product.table(), request.inputs());
    String branch = stagingBranchName(request.tag(), run.id());
    run.start();
    String stage = "conform";
    long started = System.nanoTime();
    try {
      Dataset<Row> data = conform(request.data(), table.schema(), product);
      stage = "stage";
      Long mainAtStaging = stagingBranch(table, branch);
      String target = sparkCatalog + "." + product.table() + ".branch_" + branch;
      QualityCheck check =
          new QualityCheck(product, rule -> released(rule, request.references()), clock.instant());
      // An overwrite's staged snapshot holds exactly the rows written, so the audit's aggregate
      // rules are computed as they pass into the write instead of by reading them all again. An
      // append's snapshot also holds the rows before it: those rules scan it.
      Observation observation = null;
      try {
        if (request.mode() == PublishRequest.Mode.OVERWRITE) {
          observation = new Observation();
          List<Column> aggregates = check.aggregates();
          writer(
                  data.observe(
                      observation,
                      aggregates.get(0),
                      aggregates.subList(1, aggregates.size()).toArray(Column[]::new)),
                  target,
                  table)
              .overwrite(lit(true));
        } else {
          writer(data, target, table).append();
        }
      } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
        throw new PublishException("The staging branch " + branch + " vanished while writing", e);
      } catch (RuntimeException e) {
        // Nulls in required columns fail the write deep inside Spark. Counting them costs a pass
        // over the input, so it is paid only here, to turn that failure into a report.
        stage = "check required fields";
        QualityReport nulls = requiredFieldNulls(data, table.schema());
        if (!nulls.passed()) {
          throw refuseNulls(table, branch, run, request, nulls);
        }
        throw e;
      }
      table.refresh();
      long snapshotId = table.refs().get(branch).snapshotId();
      long written = System.nanoTime();
      LOG.info(
          "{} {}: wrote to staging branch {} in {} ms",
          product.id(),
          request.version(),
          branch,
          (written - started) / 1_000_000);
      stage = "check required fields";
      QualityReport nulls = requiredFieldNulls(table, snapshotId);
      if (!nulls.passed()) {
        throw refuseNulls(table, branch, run, request, nulls);
      }
      stage = "audit";
      Dataset<Row> stagedData =
          spark
              .read()
              .option("snapshot-id", snapshotId)
              .table(sparkCatalog + "." + product.table());
      Optional<Map<String, Object>> observed =
          observed(observation, table.snapshot(snapshotId), product, request.version());
      QualityReport report =
          observed.isPresent() ? check.run(stagedData, observed.get()) : check.run(stagedData);
      LOG.info(
          "{} {}: audited {} quality rules on the staged snapshot in {} ms",
          product.id(),
          request.version(),
          report.results().size(),
          (System.nanoTime() - written) / 1_000_000);
      if (!report.passed()) {
        discardBranch(table, branch);
        run.fail(table.schema(), report, report.failures().size() + " quality rules failed");
        throw new QualityCheckFailedException(product.id(), request.version(), report);
      }
      return new Staged(
          request,
          id,
          branch,
          mainAtStaging,
          new ReleaseSnapshot(
              snapshotId,
              report.rowCount(),
              bytes(table.snapshot(snapshotId)),
              table.schema(),
              report),
          run);
    } catch (QualityCheckFailedException e) {
      throw e;
    } catch (ValueConversionException e) {
      // Refused before anything was written. Its message names rows by their key: lineage gets
      // the fields only.
      run.fail(
          table.schema(),
          null,
          "values that do not convert exactly to the contract's types, in fields " + e.fields());
      throw e;
    } catch (RuntimeException e) {
      discardBranch(table, branch);
      String reason = DataErrors.describe(e);
      run.fail(table.schema(), null, reason);
      throw new PublishException(
          "Cannot publish "
              + product.id()
              + " "
              + request.version()
              + " at stage "
              + stage
              + ": "
              + reason,
          DataErrors.keptCause(e));
    }
  }

  /**
   * The staging branch of one run of the release tagged {@code tag}: named after the version and
   * the run, so two runs of one version never write to one branch. When the name was the version's
   * alone, a second run took a running first one's branch for a crashed run's and made it afresh,
   * and the first then wrote into the second's branch: in append mode one release held both runs'
   * rows.
   */
  static String stagingBranchName(String tag, UUID run) {
    return stagingPrefix(tag) + "_r" + run.toString().substring(0, 8);
  }

  /**
   * Whether {@code ref} is a staging branch of a run of the release tagged {@code tag}, this
   * release's name for them or the version's alone that releases before it used: the publishing
   * commit removes them all, those of crashed runs included.
   */
  static boolean isStagingBranchOf(String ref, String tag) {
    String prefix = stagingPrefix(tag);
    return ref.equals(prefix)
        || (ref.startsWith(prefix) && ref.substring(prefix.length()).matches("_r[0-9a-f]{8}"));
  }

  private static String stagingPrefix(String tag) {
    return "stage_" + tag.replaceAll("[^0-9A-Za-z]", "_");
  }

  /**
   * Makes {@code branch} of {@code table} from main, and answers the snapshot it was made from
   * (null: main has none yet), which the publishing commit requires main still to be at. Main is
   * read once, for both: read again after the branch is made, it may hold another publish's commit
   * the branch lacks, which the fast-forward would then drop from main.
   */
  static Long stagingBranch(Table table, String branch) {
    SnapshotRef main = table.refs().get(SnapshotRef.MAIN_BRANCH);
    if (main == null) {
      // Should another publish commit to main meanwhile, the branch is made from its snapshot and
      // the publishing commit refuses: main is no longer null.
      table.manageSnapshots().createBranch(branch).commit();
      return null;
    }
    table.manageSnapshots().createBranch(branch, main.snapshotId()).commit();
    return main.snapshotId();
  }

  /**
   * Why the publishing commit of a release staged when main was at {@code mainAtStaging} must not
   * be built on {@code base}, if it must not. The commit asks only that main and the tag are as in
   * {@code base}, so it is checked here: a release staged before another publish committed would
   * put main back on its own branch and drop the other's rows from it; and another run of the same
   * version that committed after this one checked for its tag, but before this one made its branch,
   * leaves main where this release was staged from, so only its tag tells.
   */
  static Optional<String> conflict(TableMetadata base, Long mainAtStaging, String tag) {
    SnapshotRef published = base.ref(tag);
    if (published != null) {
      return Optional.of(
          "tag "
              + tag
              + " was made by another run of the same version while this one staged it (snapshot "
              + published.snapshotId()
              + "); nothing of this run was published, and running it again records that release");
    }
    SnapshotRef mainNow = base.ref(SnapshotRef.MAIN_BRANCH);
    if (!Objects.equals(mainNow == null ? null : mainNow.snapshotId(), mainAtStaging)) {
      return Optional.of(
          "main moved while the release was staged (another publish committed); nothing was"
              + " published, run it again");
    }
    return Optional.empty();
  }

  private void commit(List<Staged> releases) {
    List<TableCommit> commits = new ArrayList<>();
    for (Staged release : releases) {
      Table table = catalog.loadTable(release.table());
      TableMetadata base = ((HasTableOperations) table).operations().current();
      Optional<String> conflict = conflict(base, release.mainAtStaging(), release.request().tag());
      if (conflict.isPresent()) {
        releases.forEach(this::discard);
        throw new PublishException("Cannot publish " + names(releases) + ": " + conflict.get());
      }
      TableMetadata.Builder publishing =
          TableMetadata.buildFrom(base)
              .setRef(
                  SnapshotRef.MAIN_BRANCH,
                  SnapshotRef.branchBuilder(release.snapshot().snapshotId()).build())
              .setRef(
                  release.request().tag(),
                  SnapshotRef.tagBuilder(release.snapshot().snapshotId()).build());
      // This run's branch, and any a crashed run of the version left: once the version is
      // published, no run of it can publish.
      base.refs().keySet().stream()
          .filter(ref -> isStagingBranchOf(ref, release.request().tag()))
          .forEach(publishing::removeRef);
      TableMetadata published =
          publishing
              .setProperties(
                  Map.of(
                      LATEST_VERSION,
                      release.request().version(),
                      LATEST_QUALITY,
                      release.snapshot().report().json().toString(),
                      pendingKey(release.request()),
                      release.run().id().toString()))
              .build();
      commits.add(TableCommit.create(release.table(), base, published));
    }
    try {
      catalog.commitTransaction(commits);
    } catch (CommitFailedException e) {
      releases.forEach(this::discard);
      throw new PublishException(
          "Cannot publish "
              + names(releases)
              + ": main moved while the release was staged; nothing was published, run it again",
          e);
    } catch (BadRequestException
        | ForbiddenException
        | NotAuthorizedException
        | NoSuchTableException
        | ValidationException e) {
      // The catalog refused the request before committing anything: a refusal, not an unknown.
      releases.forEach(this::discard);
      throw new PublishException(
          "Cannot publish "
              + names(releases)
              + ": the catalog refused the publishing commit ("
              + DataErrors.describe(e)
              + "); nothing was published",
          e);
    } catch (RuntimeException e) {
      // Any other error may have come after the commit landed (CommitStateUnknownException, a
      // timeout, a server error): the tags tell. Never discard or redo blindly.
      if (!landed(releases)) {
        throw new PublishOutcomeUnknownException(
            "The publishing commit of "
                + names(releases)
                + " has an unknown outcome and its tags are not visible yet; run the publish"
                + " again: it finds the release if it landed and does not duplicate it",
            e);
      }
      LOG.info("The publishing commit of {} failed ({}) but landed", names(releases), e.toString());
    }
  }

  /** Whether every release's tag is visible: the transaction that makes them all landed. */
  private boolean landed(List<Staged> releases) {
    try {
      return releases.stream()
          .allMatch(
              release ->
                  catalog.loadTable(release.table()).refs().containsKey(release.request().tag()));
    } catch (RuntimeException e) {
      LOG.warn("Cannot tell whether the publishing commit of {} landed", names(releases), e);
      return false;
    }
  }

  /**
   * The released data of another product, for reference rules: the release {@code pinned} names for
   * it (the one the data was built from), else its latest recorded release.
   *
   * @throws PublishException if the pinned release is not published
   */
  private Optional<Dataset<Row>> released(QualityRule.References rule, Map<String, String> pinned) {
    return referencedRelease(rule.product(), pinned, registry::latestRelease)
        .map(
            release -> {
              TableIdentifier table = TableIdentifier.parse(release.table());
              if (!catalog.tableExists(table)
                  || !catalog.loadTable(table).refs().containsKey(release.tag())) {
                throw new PublishException(
                    "Cannot check "
                        + rule.name()
                        + ": "
                        + rule.product()
                        + " release "
                        + release.version()
                        + ", which the data was built from, is not published (no tag "
                        + release.tag()
                        + " in "
                        + release.table()
                        + ")");
              }
              return spark
                  .read()
                  .option("tag", release.tag())
                  .table(sparkCatalog + "." + release.table());
            });
  }

  /**
   * A release of a product, for reference rules: {@code table}, the table of its major version, and
   * {@code tag}, the release's tag there ({@code v<version>}).
   */
  record ReferencedRelease(String product, String version, String table, String tag) {}

  /**
   * Which release of {@code product} a reference rule checks against: the one {@code pinned} names,
   * else the latest that {@code latest} finds recorded (empty: none). A product built from a pinned
   * release references what that release holds: checked against a newer release, which may have
   * dropped a row since, it would be refused for data it was right to hold.
   */
  static Optional<ReferencedRelease> referencedRelease(
      String product,
      Map<String, String> pinned,
      Function<String, Optional<RegistryClient.RecordedRelease>> latest) {
    String version = pinned.get(product);
    if (version != null) {
      return Optional.of(
          new ReferencedRelease(product, version, tableOf(product, version), "v" + version));
    }
    return latest
        .apply(product)
        .map(
            release ->
                new ReferencedRelease(
                    product,
                    release.version(),
                    tableOf(product, release.contractVersion()),
                    release.tag()));
  }

  /** The table of {@code product}'s major version of {@code version} (a release or contract). */
  private static String tableOf(String product, String version) {
    String[] parts = product.split("\\.", 2);
    return parts[0] + "." + parts[1] + "_v" + version.substring(0, version.indexOf('.'));
  }

  /**
   * The data with exactly the contract's columns, in its order and types.
   *
   * @throws ValueConversionException if a column, or a field, element, key or value inside one,
   *     holds values its contract type cannot hold as given (see {@link ExactConversions}), counted
   *     in one pass
   * @throws PublishException if a column is not in the contract, or a required one is missing
   */
  static Dataset<Row> conform(Dataset<Row> data, Schema schema, ProductDescriptor product) {
    StructType target = SparkSchemaUtil.convert(schema);
    List<String> present = List.of(data.columns());
    Map<String, DataType> types = new HashMap<>();
    for (StructField field : data.schema().fields()) {
      types.put(field.name(), field.dataType());
    }
    List<String> contractColumns = List.of(target.fieldNames());
    for (int index = 0; index < present.size(); index++) {
      String column = present.get(index);
      if (schema.findField(column) == null) {
        throw new PublishException(
            "Cannot publish "
                + product.id()
                + ": "
                + notInContract(
                    "column " + column,
                    "column " + (index + 1) + " of the input",
                    column,
                    contractColumns,
                    "columns"));
      }
    }
    List<Column> columns = new ArrayList<>();
    for (StructField field : target.fields()) {
      Column value;
      if (present.contains(field.name())) {
        value =
            conformed(
                col(field.name()),
                types.get(field.name()),
                field.dataType(),
                field.name(),
                product);
      } else if (field.nullable()) {
        value = lit(null).cast(field.dataType());
      } else {
        throw new PublishException(
            "Cannot publish " + product.id() + ": required column " + field.name() + " is missing");
      }
      columns.add(value.alias(field.name()));
    }
    ExactConversions.check(data, target, product);
    return data.select(columns.toArray(Column[]::new));
  }

  /**
   * {@code value}, of type {@code from}, as the contract's type {@code to}. Spark casts a struct to
   * a struct by position, and JSON's inferred structs have their fields in name order: cast whole,
   * an address's postcode landed in its town, unmasked. So structs, wherever they are nested, are
   * rebuilt field by field, by name, with the contract's rules for top-level columns.
   */
  private static Column conformed(
      Column value, DataType from, DataType to, String path, ProductDescriptor product) {
    // Same type but for nullability (an array whose elements the contract makes required):
    // a cast would refuse; nulls in required places are counted before staging instead.
    if (from.catalogString().equals(to.catalogString())) {
      return value;
    }
    if (from instanceof StructType fromStruct && to instanceof StructType toStruct) {
      return when(value.isNotNull(), struct(fields(value, fromStruct, toStruct, path, product)));
    }
    if (from instanceof ArrayType fromArray && to instanceof ArrayType toArray) {
      return transform(
          value,
          element ->
              conformed(
                  element, fromArray.elementType(), toArray.elementType(), path + "[]", product));
    }
    if (from instanceof MapType fromMap && to instanceof MapType toMap) {
      Column keyed =
          fromMap.keyType().catalogString().equals(toMap.keyType().catalogString())
              ? value
              : transform_keys(value, (key, entry) -> key.cast(toMap.keyType()));
      return transform_values(
          keyed,
          (key, entry) ->
              conformed(entry, fromMap.valueType(), toMap.valueType(), path + "{}", product));
    }
    return value.cast(to);
  }

  /**
   * Why an input's column or nested field is refused. Its name is the input's text, and may be a
   * value (a CSV read without its header row is named after its first row: a NINO, a date of
   * birth), which no error, log line or lineage event may carry: it is named only when it is a slip
   * of one of the contract's names ({@link FieldNames}), else by where it is.
   */
  private static String notInContract(
      String named, String unnamed, String name, List<String> known, String knownAre) {
    return FieldNames.meant(name, known)
        .map(meant -> named + " is not in its contract; did you mean " + meant + "?")
        .orElseGet(
            () ->
                unnamed
                    + " is not in its contract, whose "
                    + knownAre
                    + " are "
                    + String.join(", ", known)
                    + " (its name is not repeated: it may be a value, as when a file is read"
                    + " without its header row)");
  }

  /** The fields of the struct {@code value} as the contract's record {@code to} has them. */
  private static Column[] fields(
      Column value, StructType from, StructType to, String path, ProductDescriptor product) {
    Map<String, DataType> types = new HashMap<>();
    for (StructField field : from.fields()) {
      if (to.getFieldIndex(field.name()).isEmpty()) {
        throw new PublishException(
            "Cannot publish "
                + product.id()
                + ": "
                + notInContract(
                    "field " + path + "." + field.name(),
                    "a field of " + path,
                    field.name(),
                    List.of(to.fieldNames()),
                    "fields there"));
      }
      types.put(field.name(), field.dataType());
    }
    List<Column> fields = new ArrayList<>();
    for (StructField field : to.fields()) {
      String fieldPath = path + "." + field.name();
      Column fieldValue;
      if (types.containsKey(field.name())) {
        fieldValue =
            conformed(
                value.getField(field.name()),
                types.get(field.name()),
                field.dataType(),
                fieldPath,
                product);
      } else if (field.nullable()) {
        fieldValue = lit(null).cast(field.dataType());
      } else {
        throw new PublishException(
            "Cannot publish " + product.id() + ": required field " + fieldPath + " is missing");
      }
      fields.add(fieldValue.alias(field.name()));
    }
    return fields.toArray(Column[]::new);
  }

  /**
   * A write of {@code data} into {@code target}, a branch of {@code table}. Iceberg's Spark writer
   * keeps a Parquet file (its buffers and bloom filters) open for every partition a task meets,
   * unless asked to sort each task's rows by partition and write one file at a time, as Spark's own
   * partitioned Parquet write does. Tables partitioned by time have a partition per day or hour: at
   * 8M claims the staging write's three tasks each held a third of all day × scheme files open and
   * spent most of their time in garbage collection, so those are sorted. A bucketed table has few
   * partitions, and its tasks are spared the sort.
   */
  private static DataFrameWriterV2<Row> writer(Dataset<Row> data, String target, Table table) {
    DataFrameWriterV2<Row> writer = data.writeTo(target);
    if (!TableLayout.manyPartitions(table.spec())) {
      return writer;
    }
    // Iceberg sizes the write's tasks for 128 MB files, so Spark merged 2M claims into three tasks:
    // on two cores the third ran alone. Spark's own size for a shuffle's tasks, as the plain write
    // gets, keeps both cores busy; files still hold whole partitions.
    long taskBytes =
        JavaUtils.byteStringAsBytes(
            data.sparkSession()
                .conf()
                .get("spark.sql.adaptive.advisoryPartitionSizeInBytes", "64m"));
    return writer
        .option(SparkWriteOptions.FANOUT_ENABLED, "false")
        .option(SparkWriteOptions.ADVISORY_PARTITION_SIZE, String.valueOf(taskBytes));
  }

  /**
   * The aggregates observed while the staged snapshot was written, when they are complete: their
   * row count must be the snapshot's, or the audit reads the snapshot instead.
   */
  private static Optional<Map<String, Object>> observed(
      Observation observation, Snapshot staged, ProductDescriptor product, String version) {
    if (observation == null) {
      return Optional.empty();
    }
    Map<String, Object> totals;
    try {
      // The metrics reach the observation through Spark's listener bus, just after the write.
      totals =
          scala.jdk.javaapi.CollectionConverters.asJava(
              Await.result(observation.future(), Duration.create(OBSERVATION_WAIT_SECONDS, "s")));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PublishException("Interrupted while waiting for the staged rows' totals", e);
    } catch (Exception e) {
      LOG.warn(
          "{} {}: no totals observed while staging ({}); the audit reads the staged snapshot",
          product.id(),
          version,
          e.toString());
      return Optional.empty();
    }
    long rows =
        Long.parseLong(staged.summary().getOrDefault(SnapshotSummary.TOTAL_RECORDS_PROP, "-1"));
    Object observedRows = totals.get(QualityCheck.ROWS);
    if (!(observedRows instanceof Number number) || number.longValue() != rows) {
      LOG.warn(
          "{} {}: {} rows observed while staging, {} staged; the audit reads the staged snapshot",
          product.id(),
          version,
          observedRows,
          rows);
      return Optional.empty();
    }
    LOG.info(
        "{} {}: the audit's row rules, row count and freshness were observed while staging",
        product.id(),
        version);
    return Optional.of(totals);
  }

  private QualityCheckFailedException refuseNulls(
      Table table,
      String branch,
      LineageEmitter.Run run,
      PublishRequest request,
      QualityReport nulls) {
    discardBranch(table, branch);
    run.fail(table.schema(), nulls, "required fields hold nulls");
    return new QualityCheckFailedException(request.product().id(), request.version(), nulls);
  }

  /**
   * Nulls in required columns of a staged snapshot, from the null counts Iceberg keeps per data
   * file: a check that reads no data.
   */
  private static QualityReport requiredFieldNulls(Table table, long snapshotId) {
    List<Types.NestedField> required =
        table.schema().columns().stream().filter(Types.NestedField::isRequired).toList();
    Map<Integer, Long> nulls = new HashMap<>();
    long rows = 0;
    try (CloseableIterable<FileScanTask> tasks =
        table.newScan().useSnapshot(snapshotId).includeColumnStats().planFiles()) {
      for (FileScanTask task : tasks) {
        rows += task.file().recordCount();
        Map<Integer, Long> counts = task.file().nullValueCounts();
        if (counts != null) {
          counts.forEach((id, count) -> nulls.merge(id, count, Long::sum));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<QualityReport.RuleResult> results = new ArrayList<>();
    for (Types.NestedField field : required) {
      long count = nulls.getOrDefault(field.fieldId(), 0L);
      results.add(
          new QualityReport.RuleResult(
              "required(" + field.name() + ")",
              count == 0,
              count,
              List.of(),
              count == 0 ? "no nulls" : count + " rows have no value"));
    }
    return new QualityReport(rows, results);
  }

  /** Nulls in required columns of the input, counted with Spark (a write fails on them). */
  private static QualityReport requiredFieldNulls(Dataset<Row> data, Schema schema) {
    List<Types.NestedField> required =
        schema.columns().stream().filter(Types.NestedField::isRequired).toList();
    List<Column> aggregates = new ArrayList<>();
    for (Types.NestedField field : required) {
      aggregates.add(sum(when(col(field.name()).isNull(), 1).otherwise(0)).alias(field.name()));
    }
    Row totals = data.agg(count(lit(1)), aggregates.toArray(Column[]::new)).first();
    List<QualityReport.RuleResult> results = new ArrayList<>();
    for (int index = 0; index < required.size(); index++) {
      long nulls = totals.isNullAt(index + 1) ? 0 : totals.getLong(index + 1);
      results.add(
          new QualityReport.RuleResult(
              "required(" + required.get(index).name() + ")",
              nulls == 0,
              nulls,
              List.of(),
              nulls == 0 ? "no nulls" : nulls + " rows have no value"));
    }
    return new QualityReport(totals.getLong(0), results);
  }

  private QualityReport recoveredReport(Table table, String version, long rows) {
    String json = table.properties().get(LATEST_QUALITY);
    return json != null && version.equals(table.properties().get(LATEST_VERSION))
        ? QualityReport.fromJson(json, rows)
        : new QualityReport(rows, List.of());
  }

  private void discard(Staged release) {
    discardBranch(catalog.loadTable(release.table()), release.branch());
  }

  private static void discardBranch(Table table, String branch) {
    try {
      table.refresh();
      if (table.refs().containsKey(branch)) {
        table.manageSnapshots().removeBranch(branch).commit();
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "Cannot remove staging branch {} of {}; the next publish removes it",
          branch,
          table.name(),
          e);
    }
  }

  private static String names(List<Staged> releases) {
    return releases.stream()
        .map(release -> release.request().product().id() + " " + release.request().version())
        .toList()
        .toString();
  }

  @Override
  public void close() throws IOException {
    catalog.close();
  }
}
