package io.insightmesh.sdk.publish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToIntFunction;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the emitter tells a publish about a run's COMPLETE when it posts to a catalog over HTTP:
 * delivered only if the catalog stored it, so the publish knows to keep the release's mark.
 */
class LineageEmitterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema SCHEMA =
      new Schema(Types.NestedField.required(1, "claim_id", Types.StringType.get()));
  private static final QualityReport REPORT = new QualityReport(40, List.of());

  /** The events the catalog was sent, each as its type and job name, and the token it came with. */
  private final List<String> received = new CopyOnWriteArrayList<>();

  /** The catalog's answer to an event. */
  private volatile ToIntFunction<JsonNode> status = event -> 201;

  private HttpServer catalog;
  private LineageEmitter lineage;

  @BeforeEach
  void startCatalog() throws IOException {
    catalog = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    catalog.createContext(
        "/api/v1/lineage",
        exchange -> {
          JsonNode event = JSON.readTree(exchange.getRequestBody());
          received.add(
              event.path("eventType").asText()
                  + " "
                  + event.path("job").path("name").asText()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization"));
          byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status.applyAsInt(event), body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    catalog.start();
    URI uri =
        URI.create(
            "http://"
                + catalog.getAddress().getAddress().getHostAddress()
                + ":"
                + catalog.getAddress().getPort());
    lineage = new LineageEmitter(new CatalogConnection(uri, "claims-team", "secret"), () -> "t1");
  }

  @AfterEach
  void stopCatalog() {
    catalog.stop(0);
  }

  @Test
  void aCompleteTheCatalogStoredIsDelivered() {
    LineageEmitter.Run run = run();
    run.start();

    assertThat(run.complete(SCHEMA, 40, 4096, REPORT)).isTrue();
    assertThat(received)
        .containsExactly(
            "START publish.claims.claims Bearer t1",
            "COMPLETE audit.claims.claims Bearer t1",
            "COMPLETE publish.claims.claims Bearer t1");
  }

  @Test
  void aCompleteTheCatalogHadStoredBeforeIsDelivered() {
    status = event -> 200;

    assertThat(run().complete(SCHEMA, 40, 4096, REPORT)).isTrue();
  }

  @Test
  void aCompleteTheCatalogRefusedIsNotDelivered() {
    status = event -> publishComplete(event) ? 503 : 201;
    LineageEmitter.Run run = run();
    run.start();

    // Refused, not thrown: lineage fails no publish.
    assertThat(run.complete(SCHEMA, 40, 4096, REPORT)).isFalse();
    assertThat(run.ended()).isTrue();
    assertThat(received).hasSize(3);
  }

  @Test
  void aCompleteTheCatalogRefusedIsSentAgainOnTheSameRunAndNothingFailsIt() {
    status = event -> publishComplete(event) ? 503 : 201;
    LineageEmitter.Run run = run();
    run.start();
    assertThat(run.complete(SCHEMA, 40, 4096, REPORT)).isFalse();

    // Completed, if not yet in lineage: a failure reaching the run now must not end it as FAIL.
    run.fail(SCHEMA, REPORT, "a later release was refused");
    status = event -> 201;
    assertThat(run.complete(SCHEMA, 40, 4096, REPORT)).isTrue();
    // Taken now: a third call sends nothing.
    assertThat(run.complete(SCHEMA, 40, 4096, REPORT)).isFalse();

    // The audit child run went once; the COMPLETE twice, the second taken.
    assertThat(received)
        .containsExactly(
            "START publish.claims.claims Bearer t1",
            "COMPLETE audit.claims.claims Bearer t1",
            "COMPLETE publish.claims.claims Bearer t1",
            "COMPLETE publish.claims.claims Bearer t1");
  }

  @Test
  void aFailedRunIsNotCompletedAfterwards() {
    LineageEmitter.Run run = run();
    run.start();
    run.fail(SCHEMA, REPORT, "the quality rules failed");

    assertThat(run.complete(SCHEMA, 40, 4096, REPORT)).isFalse();
    assertThat(received).noneMatch(event -> event.startsWith("COMPLETE publish."));
  }

  @Test
  void aCompleteToACatalogThatIsDownIsNotDelivered() {
    LineageEmitter.Run run = run();
    catalog.stop(0);

    assertThat(run.complete(SCHEMA, 40, 4096, REPORT)).isFalse();
    assertThat(received).isEmpty();
  }

  @Test
  void aCompleteWhoseTokenCannotBeHadIsNotDelivered() {
    LineageEmitter signedOut =
        new LineageEmitter(
            new CatalogConnection(URI.create("http://127.0.0.1:1"), "claims-team", "secret"),
            () -> {
              throw new IllegalStateException("Cannot sign in as claims-team: 401");
            });

    assertThat(
            signedOut
                .run("claims.claims", "claims.claims_v1", List.of())
                .complete(SCHEMA, 40, 4096, REPORT))
        .isFalse();
  }

  @Test
  void aRefusedAuditDoesNotUndoADeliveredComplete() {
    status = event -> publishComplete(event) ? 201 : 400;

    // The release is completed in lineage; completing it again would show it published twice.
    assertThat(run().complete(SCHEMA, 40, 4096, REPORT)).isTrue();
    assertThat(received)
        .containsExactly(
            "COMPLETE audit.claims.claims Bearer t1", "COMPLETE publish.claims.claims Bearer t1");
  }

  private LineageEmitter.Run run() {
    return lineage.run("claims.claims", "claims.claims_v1", List.of());
  }

  private static boolean publishComplete(JsonNode event) {
    return event.path("eventType").asText().equals("COMPLETE")
        && event.path("job").path("name").asText().startsWith("publish.");
  }
}
