package io.insightmesh.sdk.publish;

import static java.util.Objects.requireNonNull;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits the OpenLineage events of a publish to the catalog: the publish job's START and COMPLETE or
 * FAIL (outputs with schema, column lineage, data-quality metrics and output statistics), and the
 * quality audit as a child job that read the staged snapshot, with its assertions. Events name
 * datasets, columns and rule outcomes; never data values. Producers that publish outside {@link
 * Publisher} (the scoring engine's data-only releases) emit through it too, under a job of their
 * own.
 */
public final class LineageEmitter {
  private static final Logger LOG = LoggerFactory.getLogger(LineageEmitter.class);

  /** The namespace of every platform job. */
  public static final String JOB_NAMESPACE = "insight-mesh";

  private static final URI PRODUCER =
      URI.create("https://github.com/insight-mesh/insight-mesh/platform-sdk");

  private final OpenLineage model = new OpenLineage(PRODUCER);
  private final String tableNamespace;
  private final Sink sink;

  /**
   * An emitter posting to the catalog of {@code connection}.
   *
   * @param token the current bearer token of the connection's principal, asked before every event
   */
  public LineageEmitter(CatalogConnection connection, Supplier<String> token) {
    this(
        connection.icebergUri().toString(),
        new CatalogSink(connection.uri().resolve("/api/v1/lineage"), token));
  }

  /**
   * An emitter handing every event to {@code sink}, naming tables in {@code tableNamespace}: how
   * tests see the events a publish emits without a catalog.
   */
  LineageEmitter(String tableNamespace, Sink sink) {
    this.tableNamespace = requireNonNull(tableNamespace, "tableNamespace is null");
    this.sink = requireNonNull(sink, "sink is null");
  }

  /** Where events go: the catalog's lineage API, or a test's list. */
  interface Sink {
    /**
     * Hands {@code event} on; whether it was taken (the catalog stored it). A refusal or failure is
     * logged here, never thrown: lineage does not fail a publish whose data is safe.
     */
    boolean deliver(OpenLineage.RunEvent event);
  }

  /**
   * One publish run of one product. It ends once, with {@link #complete} or {@link #fail}: a run
   * that several failures reach (a release refused beside another, whose commit then also fails)
   * keeps the first reason, and a run is never both completed and failed. A completion the catalog
   * did not take can be sent again on the same run, as a long-running writer that keeps its runs
   * does; the run stays completed meanwhile, so nothing fails it.
   */
  public final class Run {
    private final UUID id;
    private final String job;
    private final String product;
    private final String table;
    private final List<LineageInput> inputs;
    private boolean ended;

    /**
     * Whether the catalog took this run's COMPLETE; until it has, {@link #complete} sends again.
     */
    private boolean completeDelivered;

    private boolean failed;

    private Run(UUID id, String job, String product, String table, List<LineageInput> inputs) {
      this.id = id;
      this.job = job;
      this.product = product;
      this.table = table;
      this.inputs = inputs;
    }

    /** The OpenLineage run id. */
    public UUID id() {
      return id;
    }

    /** Emits START: the run began reading its inputs. */
    public void start() {
      emit(publishEvent(OpenLineage.RunEvent.EventType.START, null, output(null, null, null)));
    }

    /**
     * Emits the audit child run with the report's assertions, then COMPLETE with the output's
     * schema, statistics ({@code rows} and {@code bytes} this run wrote) and data-quality metrics.
     *
     * <p>Called again after the catalog did not take the COMPLETE, it sends the COMPLETE again (not
     * the audit, which was sent once); called on a run that failed, or whose COMPLETE was taken, it
     * sends nothing.
     *
     * @return whether the catalog took the COMPLETE: if not (refused, unreachable, or the run had
     *     ended already), lineage does not show this run completed, and a caller that can emit the
     *     completion again later should. The audit child run does not count: it is a run of its
     *     own, and a release completed again for a lost audit would show two completed publishes.
     */
    public boolean complete(Schema schema, long rows, long bytes, QualityReport report) {
      boolean again = ended && !completeDelivered && !failed;
      if (!again && !end("COMPLETE")) {
        return false;
      }
      if (!again) {
        // Sent with the first COMPLETE only, whatever its answer: an audit is a run of its own.
        audit(report);
      }
      completeDelivered =
          emit(
              publishEvent(
                  OpenLineage.RunEvent.EventType.COMPLETE,
                  null,
                  output(schema, new long[] {rows, bytes}, report)));
      return completeDelivered;
    }

    /**
     * Emits FAIL with {@code reason} as its error message, after the audit child run when there is
     * a report ({@code report} may be null). The reason goes to the catalog: it names products,
     * versions, fields and rules, never a value.
     */
    public void fail(Schema schema, QualityReport report, String reason) {
      if (!end("FAIL")) {
        return;
      }
      failed = true;
      if (report != null) {
        audit(report);
      }
      LOG.warn("Publish of {} failed: {}", product, reason);
      OpenLineage.RunFacets facets =
          reason == null
              ? null
              : model
                  .newRunFacetsBuilder()
                  .errorMessage(model.newErrorMessageRunFacet(reason, "Java", null))
                  .build();
      emit(publishEvent(OpenLineage.RunEvent.EventType.FAIL, facets, output(schema, null, report)));
    }

    /** An event of this publish run: its job, its inputs and the one output it writes. */
    private OpenLineage.RunEvent publishEvent(
        OpenLineage.RunEvent.EventType type,
        OpenLineage.RunFacets facets,
        OpenLineage.OutputDataset output) {
      return event(type, publishJob(), model.newRun(id, facets), inputs(), List.of(output));
    }

    /** Whether the run was ended (completed or failed). */
    public boolean ended() {
      return ended;
    }

    /** Marks the run ended; false, and a warning, if it already was. */
    private boolean end(String as) {
      if (ended) {
        LOG.warn("Lineage run {} of {} already ended; not ending it again as {}", id, product, as);
        return false;
      }
      ended = true;
      return true;
    }

    private void audit(QualityReport report) {
      // Named by the publish run: a resumed run's completion sends its audit again (whether the
      // first process got to send it is not known), and the catalog then holds one audit run.
      UUID auditRun = UUID.nameUUIDFromBytes(("audit of " + id).getBytes(StandardCharsets.UTF_8));
      List<OpenLineage.DataQualityAssertionsDatasetFacetAssertions> assertions = new ArrayList<>();
      for (QualityReport.RuleResult result : report.results()) {
        assertions.add(
            model.newDataQualityAssertionsDatasetFacetAssertions(
                result.rule(), result.passed(), null));
      }
      OpenLineage.InputDataset staged =
          model
              .newInputDatasetBuilder()
              .namespace(tableNamespace)
              .name(table)
              .inputFacets(
                  model
                      .newInputDatasetInputFacetsBuilder()
                      .dataQualityAssertions(model.newDataQualityAssertionsDatasetFacet(assertions))
                      .build())
              .build();
      OpenLineage.RunFacets parent =
          model
              .newRunFacetsBuilder()
              .parent(
                  model
                      .newParentRunFacetBuilder()
                      .run(model.newParentRunFacetRun(id))
                      .job(model.newParentRunFacetJob(JOB_NAMESPACE, job))
                      .build())
              .build();
      OpenLineage.Job job = model.newJob(JOB_NAMESPACE, "audit." + product, null);
      emit(
          model
              .newRunEventBuilder()
              .eventType(
                  report.passed()
                      ? OpenLineage.RunEvent.EventType.COMPLETE
                      : OpenLineage.RunEvent.EventType.FAIL)
              .eventTime(ZonedDateTime.now(ZoneOffset.UTC))
              .run(model.newRun(auditRun, parent))
              .job(job)
              .inputs(List.of(staged))
              .outputs(List.of())
              .build());
    }

    private OpenLineage.Job publishJob() {
      return model.newJob(JOB_NAMESPACE, job, null);
    }

    private List<OpenLineage.InputDataset> inputs() {
      List<OpenLineage.InputDataset> datasets = new ArrayList<>();
      for (LineageInput input : inputs) {
        datasets.add(
            model.newInputDatasetBuilder().namespace(input.namespace()).name(input.name()).build());
      }
      return datasets;
    }

    private OpenLineage.OutputDataset output(
        Schema schema, long[] statistics, QualityReport report) {
      OpenLineage.DatasetFacetsBuilder facets = model.newDatasetFacetsBuilder();
      if (schema != null) {
        List<OpenLineage.SchemaDatasetFacetFields> fields = new ArrayList<>();
        for (Types.NestedField field : schema.columns()) {
          fields.add(
              model.newSchemaDatasetFacetFields(
                  field.name(), field.type().toString(), field.doc(), null));
        }
        facets.schema(model.newSchemaDatasetFacet(fields));
        OpenLineage.ColumnLineageDatasetFacetFieldsBuilder columns =
            model.newColumnLineageDatasetFacetFieldsBuilder();
        boolean any = false;
        for (Types.NestedField field : schema.columns()) {
          List<OpenLineage.InputField> sources = new ArrayList<>();
          for (LineageInput input : inputs) {
            if (input.columns().contains(field.name())) {
              sources.add(model.newInputField(input.namespace(), input.name(), field.name(), null));
            }
          }
          if (!sources.isEmpty()) {
            any = true;
            columns.put(
                field.name(),
                model.newColumnLineageDatasetFacetFieldsAdditional(sources, null, null));
          }
        }
        if (any) {
          facets.columnLineage(model.newColumnLineageDatasetFacet(columns.build(), null));
        }
      }
      if (report != null) {
        facets.dataQualityMetrics(
            model.newDataQualityMetricsDatasetFacetBuilder().rowCount(report.rowCount()).build());
      }
      OpenLineage.OutputDatasetOutputFacetsBuilder outputFacets =
          model.newOutputDatasetOutputFacetsBuilder();
      if (statistics != null) {
        outputFacets.outputStatistics(
            model.newOutputStatisticsOutputDatasetFacet(statistics[0], statistics[1], null));
      }
      return model
          .newOutputDatasetBuilder()
          .namespace(tableNamespace)
          .name(table)
          .facets(facets.build())
          .outputFacets(outputFacets.build())
          .build();
    }
  }

  Run run(String product, String table, List<LineageInput> inputs) {
    return run(publishJob(product), product, table, inputs);
  }

  /**
   * Run {@code id} of publishing {@code product}, started by an earlier process that never ended it
   * (killed after its commit, or its COMPLETE not taken): its COMPLETE or FAIL ends that run rather
   * than leaving it open beside a new one. Send no START on it: the run has one.
   */
  Run resume(UUID id, String product, String table, List<LineageInput> inputs) {
    return new Run(
        requireNonNull(id, "id is null"), publishJob(product), product, table, List.copyOf(inputs));
  }

  /** The job that publishes {@code product}. */
  static String publishJob(String product) {
    return "publish." + product;
  }

  /**
   * A run of {@code job} (in the {@value #JOB_NAMESPACE} namespace) that writes {@code table}, the
   * table of {@code product}, from {@code inputs}.
   */
  public Run run(String job, String product, String table, List<LineageInput> inputs) {
    return new Run(UUID.randomUUID(), job, product, table, List.copyOf(inputs));
  }

  private OpenLineage.RunEvent event(
      OpenLineage.RunEvent.EventType type,
      OpenLineage.Job job,
      OpenLineage.Run run,
      List<OpenLineage.InputDataset> inputs,
      List<OpenLineage.OutputDataset> outputs) {
    return model
        .newRunEventBuilder()
        .eventType(type)
        .eventTime(ZonedDateTime.now(ZoneOffset.UTC))
        .run(run)
        .job(job)
        .inputs(inputs)
        .outputs(outputs)
        .build();
  }

  private boolean emit(OpenLineage.RunEvent event) {
    return sink.deliver(event);
  }

  /**
   * Sends events to the catalog's lineage API. Lineage is recorded, not required: a catalog that
   * cannot take an event now does not fail a publish whose data is already safe, so a refusal is
   * logged loudly instead — as is a failure to sign in for it, which would otherwise replace the
   * error a failed publish is reporting. Only a 2xx answer counts as delivered: a caller told an
   * event was not can emit it again later.
   */
  private static final class CatalogSink implements Sink {
    private final URI endpoint;
    private final Supplier<String> token;
    private final HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    CatalogSink(URI endpoint, Supplier<String> token) {
      this.endpoint = endpoint;
      this.token = token;
    }

    @Override
    public boolean deliver(OpenLineage.RunEvent event) {
      try {
        HttpRequest request =
            HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token.get())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(OpenLineageClientUtils.toJson(event)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 == 2) {
          return true;
        }
        LOG.error(
            "The catalog refused a lineage event of job {} ({}): {}",
            event.getJob().getName(),
            response.statusCode(),
            response.body());
      } catch (IOException | RuntimeException e) {
        LOG.error("Cannot send a lineage event of job {}", event.getJob().getName(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return false;
    }
  }
}
