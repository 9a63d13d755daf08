package io.insightmesh.decisions.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.insightmesh.decisions.table.DecisionRelease;
import io.insightmesh.sdk.publish.CatalogConnection;
import io.insightmesh.sdk.publish.QualityReport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's releases as the catalog sees them, through a stand-in catalog on real HTTP that can
 * refuse a release: what matters is the lineage events that reach it.
 */
class CatalogReleasesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;

  private final List<JsonNode> lineage = new CopyOnWriteArrayList<>();
  private final AtomicInteger releasesRefused = new AtomicInteger();
  private final AtomicInteger completesRefused = new AtomicInteger();
  private HttpServer catalog;
  private Engine engine;

  @BeforeEach
  void startCatalog() throws IOException {
    catalog = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    catalog.createContext(
        "/oauth/token",
        exchange -> answer(exchange, 200, "{\"access_token\":\"t\",\"token_type\":\"bearer\"}"));
    catalog.createContext(
        "/api/v1/lineage",
        exchange -> {
          JsonNode event = JSON.readTree(exchange.getRequestBody());
          if (event.path("eventType").asText().equals("COMPLETE")
              && event.path("job").path("name").asText().equals(CatalogReleases.JOB)
              && completesRefused.getAndDecrement() > 0) {
            answer(exchange, 503, "{\"error\":\"unavailable\"}");
            return;
          }
          lineage.add(event);
          answer(exchange, 201, "{}");
        });
    catalog.createContext(
        "/api/v1/products/risk.decisions/releases",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          if (releasesRefused.getAndDecrement() > 0) {
            answer(exchange, 503, "{\"error\":\"unavailable\"}");
          } else {
            answer(exchange, 201, "{}");
          }
        });
    catalog.start();
    engine = new Engine(TestEngineConfigs.of(dataDir, Map.of("catalog-enabled", "false")));
  }

  @AfterEach
  void stop() {
    engine.close();
    catalog.stop(0);
  }

  @Test
  void aReleaseRecordedOnTheNextCycleEndsTheLineageRunItsFirstCycleStarted() {
    CatalogReleases releases = releases();
    DecisionRelease release = release("1.0.0+7");
    releasesRefused.set(1);

    // The first cycle tags the release, but the registry cannot take it.
    releases.starting(release.version());
    assertThatThrownBy(() -> releases.record(release)).hasMessageContaining("1.0.0+7");
    // The next cycle finds the tag and records it.
    releases.starting(release.version());
    releases.record(release);

    // One run, started once and ended: a second START would leave a run open in the graph.
    List<JsonNode> runs = engineRuns();
    assertThat(runs)
        .extracting(event -> event.path("eventType").asText())
        .containsExactly("START", "COMPLETE");
    assertThat(runs)
        .extracting(event -> event.path("run").path("runId").asText())
        .containsOnly(runs.get(0).path("run").path("runId").asText());
  }

  @Test
  void aReleaseTheRegistryTookThoughItsAnswerWasLostHasItsRunEndedByTheNextRelease() {
    CatalogReleases releases = releases();
    DecisionRelease seventh = release("1.0.0+7");
    releasesRefused.set(1);

    // The registry stored 1.0.0+7 but its answer was lost: the next cycle finds it listed, never
    // records it again, and cuts 1.0.0+8.
    releases.starting(seventh.version());
    assertThatThrownBy(() -> releases.record(seventh)).hasMessageContaining("1.0.0+7");
    DecisionRelease eighth = release("1.0.0+8");
    releases.starting(eighth.version());
    releases.record(eighth);

    twoRunsEachStartedAndCompleted();
  }

  @Test
  void aCompletionTheCatalogDidNotTakeIsSentAgainOnTheSameRunByTheNextCycle() {
    CatalogReleases releases = releases();
    DecisionRelease seventh = release("1.0.0+7");
    completesRefused.set(1);

    // Recorded in the registry, but the catalog cannot take the run's COMPLETE just then.
    releases.starting(seventh.version());
    releases.record(seventh);
    assertThat(engineRuns())
        .extracting(event -> event.path("eventType").asText())
        .containsExactly("START");
    DecisionRelease eighth = release("1.0.0+8");
    releases.starting(eighth.version());
    releases.record(eighth);

    List<JsonNode> runs = twoRunsEachStartedAndCompleted();
    // Each release's quality audit reached lineage once, the retried one's too.
    assertThat(auditsOf(runs.get(0))).isEqualTo(auditsOf(runs.get(2))).isPositive();
  }

  /** The engine's events: two runs, each started and completed once, in that order. */
  private List<JsonNode> twoRunsEachStartedAndCompleted() {
    List<JsonNode> runs = engineRuns();
    assertThat(runs)
        .extracting(event -> event.path("eventType").asText())
        .containsExactly("START", "COMPLETE", "START", "COMPLETE");
    assertThat(runs.get(1).path("run").path("runId"))
        .isEqualTo(runs.get(0).path("run").path("runId"));
    assertThat(runs.get(3).path("run").path("runId"))
        .isEqualTo(runs.get(2).path("run").path("runId"));
    assertThat(runs.get(2).path("run").path("runId"))
        .isNotEqualTo(runs.get(0).path("run").path("runId"));
    return runs;
  }

  /** The quality audit's events whose parent is {@code run}'s run. */
  private long auditsOf(JsonNode run) {
    JsonNode id = run.path("run").path("runId");
    return lineage.stream()
        .filter(event -> !event.path("job").path("name").asText().equals(CatalogReleases.JOB))
        .filter(
            event ->
                event
                    .path("run")
                    .path("facets")
                    .path("parent")
                    .path("run")
                    .path("runId")
                    .equals(id))
        .count();
  }

  private CatalogReleases releases() {
    return new CatalogReleases(
        new CatalogConnection(
            URI.create("http://127.0.0.1:" + catalog.getAddress().getPort()),
            "risk-engine",
            "secret"),
        engine.assessments());
  }

  /** The engine's own runs, without the quality audits' child runs. */
  private List<JsonNode> engineRuns() {
    return lineage.stream()
        .filter(event -> event.path("job").path("name").asText().equals(CatalogReleases.JOB))
        .toList();
  }

  private static DecisionRelease release(String version) {
    QualityReport quality = new QualityReport(3, List.of());
    return new DecisionRelease(
        version,
        "1.0.0",
        42L,
        3,
        3,
        1024,
        quality,
        quality.json(),
        new Schema(Types.NestedField.required(1, "claim_id", Types.StringType.get())),
        Instant.parse("2026-12-06T06:00:00Z"),
        false);
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
