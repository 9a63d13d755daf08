package io.insightmesh.it.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MetricsScraperTest {
  private static final String METRICS =
      """
      # HELP mesh_engine_decisions Decisions made
      # TYPE mesh_engine_decisions counter
      mesh_engine_decisions 1250.0
      mesh_engine_log_fsyncs 100.0
      mesh_engine_search_indexed_by_deciders_total 64.0
      jvm_gc_pause_seconds_count{action="end of minor GC",cause="G1 Evacuation Pause"} 3.0
      jvm_gc_pause_seconds_count{action="end of major GC",cause="System.gc()"} 1.0
      jvm_gc_pause_seconds_sum{action="end of minor GC",cause="G1 Evacuation Pause"} 0.25
      jvm_gc_pause_seconds_max{action="end of minor GC",cause="G1 Evacuation Pause"} 0.1
      http_server_requests_seconds_count{method="POST",uri="/api/v1/assessments"} 1250.0
      mesh_engine_log_fsync_seconds_bucket{le="2.62144E-4"} 70.0
      mesh_engine_log_fsync_seconds_bucket{le="0.001048576"} 98.0
      mesh_engine_log_fsync_seconds_bucket{le="+Inf"} 100.0
      mesh_engine_log_fsync_seconds_count 100.0
      mesh_engine_log_fsync_seconds_max 0.0213
      http_server_requests_seconds_bucket{method="POST",le="0.001"} 1250.0
      """;

  @Test
  void sumsTheWantedMetricsOverTheirLabelsAndLeavesTheRest() {
    assertThat(MetricsScraper.wanted(METRICS.lines()))
        .isEqualTo(
            Map.of(
                "mesh_engine_decisions", 1250.0,
                "mesh_engine_log_fsyncs", 100.0,
                "mesh_engine_search_indexed_by_deciders_total", 64.0,
                "jvm_gc_pause_seconds_count", 4.0,
                "jvm_gc_pause_seconds_sum", 0.25,
                // Histograms bucket by bucket, for a window's quantiles; others' buckets left.
                "mesh_engine_log_fsync_seconds_bucket{le=\"2.62144E-4\"}", 70.0,
                "mesh_engine_log_fsync_seconds_bucket{le=\"0.001048576\"}", 98.0,
                "mesh_engine_log_fsync_seconds_bucket{le=\"+Inf\"}", 100.0));
    assertThat(MetricsScraper.wanted(Stream.of())).isEmpty();
  }

  @Test
  void scrapesFromTheStartAsAMonitoringSystemWouldAndReadsOnDemandTheSameWay() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/q/metrics",
        exchange -> {
          seen.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getProtocol()
                  + " upgrade="
                  + exchange.getRequestHeaders().getFirst("Upgrade"));
          byte[] body = METRICS.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    try {
      try (MetricsScraper scraper = MetricsScraper.start(uri)) {
        // The first periodic scrape is immediate: the server is monitored before any load.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (scraper.scrapes() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(scraper.scrapes()).isEqualTo(1);

        assertThat(scraper.scrape()).containsEntry("mesh_engine_decisions", 1250.0);
        assertThat(scraper.exposition()).isEqualTo(METRICS);
        assertThat(scraper.scrapes()).isEqualTo(3);
        assertThat(scraper.failures()).isZero();
      }
      // A one-off read, where nothing is monitored in between (the query benchmark's catalog).
      assertThat(MetricsScraper.readOnce(uri)).isEqualTo(METRICS);
      // Plain HTTP/1.1 GETs, as Prometheus sends: no HTTP/2 upgrade for the server to handle.
      assertThat(seen).containsOnly("GET HTTP/1.1 upgrade=null").hasSize(4);
    } finally {
      server.stop(0);
    }
  }
}
