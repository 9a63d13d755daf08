package io.insightmesh.it.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Scrapes a server's Prometheus endpoint every {@value #INTERVAL_SECONDS} s for as long as it runs,
 * as the monitoring of a real deployment does, and reads the metrics the scoring report needs.
 *
 * <p>All along, not only around a measured window, and the catalog too: the JIT compiles the event
 * loops' HTTP code for the requests it has seen. An engine that had seen nothing but POSTs of
 * claims for minutes threw away the compiled code of its whole HTTP pipeline ({@code
 * HttpObjectDecoder.decode}, {@code invokeChannelRead}, the encoder, the socket reads and writes)
 * when the harness's first GET of {@code /q/metrics} arrived at the start of the window, and spent
 * 3.5 CPU s of the 20 s window recompiling it while the claims queued behind
 * (docs/benchmarks/scoring.md). Those windows measured the harness's first look, not the engine.
 * The catalog, on the same core, did the same at each window's first read of its request counts: 46
 * of its C2 methods thrown away and 98 compiled in one 20 s window, ten minutes after it started.
 */
final class MetricsScraper implements AutoCloseable {
  static final long INTERVAL_SECONDS = 5;

  /**
   * What the report reads: decisions, fsyncs, decisions the answering threads indexed for search
   * themselves, and GC pauses over a window; at its end, what the old generation held after the
   * last collection, what its buffers hold off the heap (the claims the engine keeps) and what the
   * decisions table keeps; and the {@link #HISTOGRAMS}.
   */
  static final List<String> WANTED =
      List.of(
          "mesh_engine_decisions",
          "mesh_engine_log_fsyncs",
          "mesh_engine_search_indexed_by_deciders_total",
          "mesh_engine_answers_realtime_lowerings_total",
          "mesh_engine_answers_realtime_threads",
          "jvm_gc_pause_seconds_count",
          "jvm_gc_pause_seconds_sum",
          "jvm_gc_live_data_size_bytes",
          "jvm_gc_max_data_size_bytes",
          "jvm_buffer_memory_used_bytes",
          "mesh_engine_table_snapshots",
          "mesh_engine_table_metadata_bytes",
          "mesh_engine_expired_files_pending");

  /**
   * Histograms the report reads bucket by bucket ({@link WindowHistogram}): how long the decision
   * log's fsyncs took.
   */
  static final List<String> HISTOGRAMS = List.of(ScoringBenchmark.LOG_FSYNC_HISTOGRAM);

  // HTTP/1.1 as Prometheus scrapes, without the HTTP/2 upgrade headers Java's client adds by
  // default, which no monitoring system sends.
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final HttpRequest request;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "metrics-scraper");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicLong scrapes = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  private MetricsScraper(URI server) {
    request =
        HttpRequest.newBuilder(server.resolve("/q/metrics"))
            .header("Accept", "text/plain;version=0.0.4")
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build();
  }

  /** Starts scraping {@code server}'s {@code /q/metrics} now and every interval after. */
  static MetricsScraper start(URI server) {
    MetricsScraper scraper = new MetricsScraper(server);
    scraper.timer.scheduleWithFixedDelay(
        scraper::scrapeQuietly, 0, INTERVAL_SECONDS, TimeUnit.SECONDS);
    return scraper;
  }

  /**
   * Reads {@code server}'s {@code /q/metrics} once, with the same request as the periodic scrapes,
   * for a caller that compares two moments without monitoring in between (the query benchmark's
   * catalog, which is not what it measures).
   */
  static String readOnce(URI server) throws IOException, InterruptedException {
    try (MetricsScraper scraper = new MetricsScraper(server)) {
      return scraper.exposition();
    }
  }

  /**
   * Scrapes now (the same request as the periodic ones) and returns the {@link #WANTED} metrics.
   */
  Map<String, Double> scrape() throws IOException, InterruptedException {
    return wanted(exposition().lines());
  }

  /** Scrapes now (the same request as the periodic ones) and returns the Prometheus text whole. */
  String exposition() throws IOException, InterruptedException {
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET " + request.uri() + " answered " + response.statusCode() + ", not 200");
    }
    scrapes.incrementAndGet();
    return response.body();
  }

  /** Scrapes that answered 200 so far, the periodic ones and {@link #scrape()}'s. */
  long scrapes() {
    return scrapes.get();
  }

  /** Periodic scrapes that failed (a server still starting, or gone). */
  long failures() {
    return failures.get();
  }

  /**
   * The {@link #WANTED} metrics in Prometheus text, each summed over its labels (GC pauses come per
   * cause and generation), and the buckets of the {@link #HISTOGRAMS}, each under its {@link
   * WindowHistogram#bucketKey}.
   */
  static Map<String, Double> wanted(Stream<String> lines) {
    Map<String, Double> metrics = new HashMap<>();
    lines
        .filter(line -> !line.startsWith("#") && !line.isBlank())
        .forEach(
            line -> {
              int brace = line.indexOf('{');
              int end = brace >= 0 ? brace : line.indexOf(' ');
              String metric = end > 0 ? line.substring(0, end) : line;
              String histogram =
                  metric.endsWith("_bucket") ? metric.substring(0, metric.length() - 7) : metric;
              if (WANTED.contains(metric)) {
                metrics.merge(metric, value(line), Double::sum);
              } else if (brace >= 0
                  && !histogram.equals(metric)
                  && HISTOGRAMS.contains(histogram)) {
                String le = label(line.substring(brace, line.lastIndexOf('}') + 1), "le");
                metrics.merge(WindowHistogram.bucketKey(histogram, le), value(line), Double::sum);
              }
            });
    return metrics;
  }

  private static double value(String line) {
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  /** The value of label {@code name} in a label set such as {@code {a="b",le="0.001"}}. */
  private static String label(String labels, String name) {
    for (String separator : List.of("{", ",")) {
      int at = labels.indexOf(separator + name + "=\"");
      if (at >= 0) {
        int start = at + separator.length() + name.length() + 2;
        return labels.substring(start, labels.indexOf('"', start));
      }
    }
    throw new IllegalArgumentException("No label " + name + " in " + labels);
  }

  private void scrapeQuietly() {
    try {
      scrape();
    } catch (IOException | RuntimeException e) {
      failures.incrementAndGet();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
